package dev.mcpbroker.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionResolver;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a tool's rules for one call into a {@link Verdict}. Semantics: any evaluation error
 * denies ({@code policy_error}); else any matching forbid denies with its reason; else any matching
 * permit allows; else deny with the first permit's reason, or {@code no_matching_rule}. Shadow
 * rules are evaluated the same way but only reported. Rewrites, budgets and approval conditions of
 * the matching permits are evaluated over the rewritten arguments.
 */
final class Evaluator {
  private Evaluator() {}

  static Verdict evaluate(ToolRules tr, CallInput in, Map<String, Object> vars, CelFunctionResolver fns) {
    List<Verdict.RuleTrace> trace = new ArrayList<>(tr.rules().size());
    for (CompiledRule r : tr.rules()) {
      trace.add(condition(r, vars, fns));
    }
    Verdict enforced = combine(tr, trace, false);
    ShadowResult shadow = null;
    if (tr.hasShadow()) {
      Verdict all = combine(tr, trace, true);
      List<String> matched = trace.stream().filter(t -> t.shadow() && t.outcome() != Verdict.Outcome.NO_MATCH)
          .map(Verdict.RuleTrace::ruleId).toList();
      boolean differs = all.effect() != enforced.effect() || !all.reason().equals(enforced.reason());
      shadow = new ShadowResult(all.effect(), all.reason(), matched, differs);
    }
    if (enforced.effect() != Effect.ALLOW) {
      return Verdict.deny(enforced.reason(), enforced.detail(), enforced.ruleIds(), trace, shadow);
    }
    List<CompiledRule> permits = new ArrayList<>();
    for (int i = 0; i < trace.size(); i++) {
      if (!trace.get(i).shadow() && trace.get(i).outcome() == Verdict.Outcome.MATCH && tr.rules().get(i).permit()) {
        permits.add(tr.rules().get(i));
      }
    }
    return Obligate.apply(tr, in, vars, fns, permits, enforced.ruleIds(), trace, shadow);
  }

  private static Verdict.RuleTrace condition(CompiledRule r, Map<String, Object> vars, CelFunctionResolver fns) {
    try {
      Object v = r.when().eval(vars, fns);
      if (v instanceof Boolean b) {
        return new Verdict.RuleTrace(r.id(), r.spec().effect(), r.shadow(),
            b ? Verdict.Outcome.MATCH : Verdict.Outcome.NO_MATCH, "");
      }
      return new Verdict.RuleTrace(r.id(), r.spec().effect(), r.shadow(), Verdict.Outcome.ERROR,
          r.when().path() + ": gave " + v + " (expected: true or false)");
    } catch (CelEvaluationException | RuntimeException e) {
      return new Verdict.RuleTrace(r.id(), r.spec().effect(), r.shadow(), Verdict.Outcome.ERROR,
          r.when().path() + ": " + e.getMessage());
    }
  }

  /** Combines conditions into allow/deny, over the enforced rules or over all of them. */
  private static Verdict combine(ToolRules tr, List<Verdict.RuleTrace> trace, boolean withShadow) {
    List<String> errors = new ArrayList<>();
    List<String> forbids = new ArrayList<>();
    List<String> permits = new ArrayList<>();
    String forbidReason = null;
    String permitReason = null;
    String detail = "";
    for (int i = 0; i < trace.size(); i++) {
      Verdict.RuleTrace t = trace.get(i);
      if (t.shadow() && !withShadow) {
        continue;
      }
      RuleSpec spec = tr.rules().get(i).spec();
      if (spec.effect() == RuleSpec.Kind.PERMIT && permitReason == null && spec.reason() != null) {
        permitReason = spec.reason();
      }
      switch (t.outcome()) {
        case ERROR -> {
          errors.add(t.ruleId());
          detail = detail.isEmpty() ? t.detail() : detail;
        }
        case MATCH -> {
          if (spec.effect() == RuleSpec.Kind.FORBID) {
            forbids.add(t.ruleId());
            forbidReason = forbidReason == null ? spec.reason() : forbidReason;
          } else {
            permits.add(t.ruleId());
          }
        }
        case NO_MATCH -> { }
      }
    }
    if (!errors.isEmpty()) {
      return Verdict.deny(Reasons.POLICY_ERROR, detail, errors, List.of(), null);
    }
    if (!forbids.isEmpty()) {
      return Verdict.deny(forbidReason == null ? Reasons.FORBIDDEN : forbidReason, "", forbids, List.of(), null);
    }
    if (!permits.isEmpty()) {
      return new Verdict(Effect.ALLOW, "", permits, null, List.of(), null, "", List.of(), null);
    }
    return Verdict.deny(permitReason == null ? Reasons.NO_MATCHING_RULE : permitReason, "", List.of(), List.of(), null);
  }

  /** A decimal amount from a budget's {@code sum}: a decimal string or a whole number. */
  static BigDecimal amount(Expr sum, Object v) throws CelEvaluationException {
    if (v instanceof String s) {
      return DecimalFunctions.parse(sum.path(), s);
    }
    if (v instanceof Long l) {
      return BigDecimal.valueOf(l);
    }
    throw new CelEvaluationException(sum.path() + ": " + v + " (expected: a decimal string)");
  }

  static Duration min(Duration a, Duration b) {
    return a == null || b.compareTo(a) < 0 ? b : a;
  }
}
