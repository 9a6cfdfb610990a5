package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * What the rules say about one call, before the stateful obligations (rate limits, budgets,
 * approvals, the session cap) are applied. Pure: for cacheable tools it is what the decision cache
 * holds.
 *
 * @param effect {@link Effect#ALLOW} or {@link Effect#DENY}
 * @param finalArgs the rewritten arguments, or {@code null} when no rewrite applied
 * @param approval the approval the call needs, or {@code null}
 * @param shadow what enforcing the shadow rules would give, or {@code null} without shadow rules
 * @param signals the declared signals that held (over the final arguments), allowed calls only
 */
record Verdict(Effect effect, String reason, List<String> ruleIds, ObjectNode finalArgs,
    List<Charge> charges, NeedsApproval approval, String detail, List<RuleTrace> trace,
    ShadowResult shadow, List<String> signals) {

  Verdict {
    signals = signals == null ? List.of() : signals;
  }

  Verdict(Effect effect, String reason, List<String> ruleIds, ObjectNode finalArgs, List<Charge> charges,
      NeedsApproval approval, String detail, List<RuleTrace> trace, ShadowResult shadow) {
    this(effect, reason, ruleIds, finalArgs, charges, approval, detail, trace, shadow, List.of());
  }

  /** One amount to add to a sliding window: 1 for a rate limit, the summed argument for a budget. */
  record Charge(boolean budget, String key, Duration window, BigDecimal amount, BigDecimal max) {}

  /** The rule that wants a human's approval, and how long an approval stays good. */
  record NeedsApproval(String ruleId, Duration ttl) {}

  /** How one rule's condition came out, for explain and for the shadow report. */
  record RuleTrace(String ruleId, RuleSpec.Kind effect, boolean shadow, Outcome outcome, String detail) {}

  /** The result of one condition. */
  enum Outcome {
    MATCH,
    NO_MATCH,
    ERROR
  }

  static Verdict deny(String reason, String detail, List<String> rules, List<RuleTrace> trace, ShadowResult shadow) {
    return new Verdict(Effect.DENY, reason, rules, null, List.of(), null, detail, trace, shadow);
  }
}
