package dev.mcpbroker.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Records what the obligations of an allowed or held call did: the rate-limit and budget windows
 * it was charged to ({@code rule:scope:key}), the amounts it spent from budgets (so that a call
 * the upstream certainly did not carry out can give them back), and the approval it awaits or used.
 */
public record Obligations(List<String> rateLimits, List<String> budgets, Optional<String> approvalId,
    List<Spent> spent) {

  /** An amount charged to a budget window at a time; {@code entry} identifies the charge. */
  public record Spent(String key, BigDecimal amount, Instant at, long entry) {}

  public Obligations {
    rateLimits = List.copyOf(rateLimits);
    budgets = List.copyOf(budgets);
    approvalId = approvalId == null ? Optional.empty() : approvalId;
    spent = spent == null ? List.of() : List.copyOf(spent);
  }

  public Obligations(List<String> rateLimits, List<String> budgets, Optional<String> approvalId) {
    this(rateLimits, budgets, approvalId, List.of());
  }
}
