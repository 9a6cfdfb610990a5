package dev.mcpbroker.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule with its CEL compiled: the condition, the rewrite values, the budget's summed amount and
 * the approval condition ({@code null} where the rule has none).
 */
record CompiledRule(RuleSpec spec, Expr when, Map<String, Expr> set, Expr budgetSum, Expr approvalWhen) {
  CompiledRule {
    set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
  }

  String id() {
    return spec.id();
  }

  boolean shadow() {
    return spec.shadow();
  }

  boolean permit() {
    return spec.effect() == RuleSpec.Kind.PERMIT;
  }

  /** Every expression of the rule. */
  List<Expr> exprs() {
    List<Expr> out = new ArrayList<>();
    out.add(when);
    out.addAll(set.values());
    if (budgetSum != null) {
      out.add(budgetSum);
    }
    if (approvalWhen != null) {
      out.add(approvalWhen);
    }
    return out;
  }
}
