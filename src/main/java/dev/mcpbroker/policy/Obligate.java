package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.runtime.CelFunctionResolver;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the matching permits of an allowed call into the pure part of their consequences: the
 * rewritten arguments (re-validated against the tool's schema), the window charges of rate limits
 * and budgets, and whether a human must approve. Any evaluation error denies.
 */
final class Obligate {
  private Obligate() {}

  static Verdict apply(ToolRules tr, CallInput in, Map<String, Object> vars, CelFunctionResolver fns,
      List<CompiledRule> permits, List<String> ruleIds, List<Verdict.RuleTrace> trace, ShadowResult shadow) {
    Expr at = null;
    try {
      ObjectNode finalArgs = null;
      for (CompiledRule r : permits) {
        if (r.set().isEmpty() && r.spec().remove().isEmpty()) {
          continue;
        }
        finalArgs = finalArgs == null ? in.args().deepCopy() : finalArgs;
        for (Map.Entry<String, Expr> e : r.set().entrySet()) {
          at = e.getValue();
          finalArgs.set(e.getKey(), CelValues.toJson(e.getValue().eval(vars, fns)));
        }
        r.spec().remove().forEach(finalArgs::remove);
      }
      Map<String, Object> after = vars;
      if (finalArgs != null) {
        List<String> problems = tr.tool().schema().validate(finalArgs);
        if (!problems.isEmpty()) {
          return Verdict.deny(Reasons.REWRITE_INVALID, String.join("; ", problems), ruleIds, trace, shadow);
        }
        after = CallVars.withArgs(vars, finalArgs);
      }
      List<Verdict.Charge> charges = new ArrayList<>();
      Verdict.NeedsApproval approval = null;
      for (CompiledRule r : permits) {
        RuleSpec s = r.spec();
        if (s.rateLimit() != null) {
          charges.add(new Verdict.Charge(false, key(s.id(), "rate", s.rateLimit().per(), in),
              s.rateLimit().window(), BigDecimal.ONE, BigDecimal.valueOf(s.rateLimit().max())));
        }
        if (s.budget() != null) {
          at = r.budgetSum();
          BigDecimal amount = Evaluator.amount(at, at.eval(after, fns));
          charges.add(new Verdict.Charge(true, key(s.id(), "budget", s.budget().per(), in),
              s.budget().window(), amount, s.budget().max()));
        }
        if (r.approvalWhen() != null) {
          at = r.approvalWhen();
          Object v = at.eval(after, fns);
          if (!(v instanceof Boolean)) {
            throw new IllegalArgumentException("gave " + v + " (expected: true or false)");
          }
          if ((Boolean) v) {
            Duration ttl = approval == null ? s.approval().ttl() : Evaluator.min(approval.ttl(), s.approval().ttl());
            approval = new Verdict.NeedsApproval(approval == null ? s.id() : approval.ruleId(), ttl);
          }
        }
      }
      return new Verdict(Effect.ALLOW, "", ruleIds, finalArgs, List.copyOf(charges), approval, "", trace, shadow,
          signals(tr, after, fns));
    } catch (Exception e) {
      String where = at == null ? "" : at.path() + ": ";
      return Verdict.deny(Reasons.POLICY_ERROR, where + e.getMessage(), ruleIds, trace, shadow);
    }
  }

  /**
   * The signals of {@code tr} that hold for the allowed call; one that fails to evaluate does not
   * hold (a signal observes, it never decides).
   */
  private static List<String> signals(ToolRules tr, Map<String, Object> vars, CelFunctionResolver fns) {
    if (tr.signals().isEmpty()) {
      return List.of();
    }
    List<String> held = new ArrayList<>(1);
    for (CompiledSignal s : tr.signals()) {
      try {
        if (Boolean.TRUE.equals(s.when().eval(vars, fns))) {
          held.add(s.name());
        }
      } catch (Exception e) {
        // not counted; the decision stands
      }
    }
    return held;
  }

  /** The window a charge goes to: one per rule, kind and scope value. */
  static String key(String ruleId, String kind, RuleSpec.Scope per, CallInput in) {
    PrincipalView p = in.principal();
    String who = switch (per) {
      case PRINCIPAL -> p.agent() + "/" + p.subject();
      case SUBJECT -> p.subject();
      case SESSION -> p.sessionId();
      case TOOL -> in.tool();
    };
    return ruleId + ":" + kind + ":" + per.name().toLowerCase(java.util.Locale.ROOT) + ":" + who;
  }
}
