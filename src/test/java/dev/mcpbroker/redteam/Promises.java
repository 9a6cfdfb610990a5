package dev.mcpbroker.redteam;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * What the shipped policy promises about money (issue 4, "The shipped policy"), restated here
 * independently of {@code config/policies.yaml} so that the oracle does not take the broker's own
 * reading of its policy on trust: a change to the policy that loosens one of these makes the suite
 * fail until this file is changed too, on purpose and in review.
 */
final class Promises {
  private Promises() {}

  /** Refund limits of agents; an agent not listed has none (cannot refund). */
  static final Map<String, BigDecimal> AGENT_LIMITS =
      Map.of("refund-agent", new BigDecimal("500.00"), "demo-agent", new BigDecimal("100.00"));
  /** Any customer's refund limit, except those under review. */
  static final BigDecimal SUBJECT_LIMIT = new BigDecimal("300.00");
  /** Customers whose refunds through agents are suspended. */
  static final java.util.Set<String> SUBJECTS_WITHOUT_REFUNDS = java.util.Set.of("customer-13");
  /** A refund above this waits for a human's approval. */
  static final BigDecimal APPROVAL_ABOVE = new BigDecimal("250.00");
  /** At most this much refunded per customer per day (the scenarios each run within one day). */
  static final BigDecimal DAILY_BUDGET = new BigDecimal("1000.00");

  /** The effective refund limit of {@code agent} acting for {@code subject}: the smaller of both, if both have one. */
  static Optional<BigDecimal> effectiveLimit(String agent, String subject) {
    BigDecimal a = AGENT_LIMITS.get(agent);
    if (a == null || SUBJECTS_WITHOUT_REFUNDS.contains(subject)) {
      return Optional.empty();
    }
    return Optional.of(a.min(SUBJECT_LIMIT));
  }
}
