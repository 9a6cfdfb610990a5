package dev.mcpbroker.policy;

import java.util.List;
import java.util.Optional;

/**
 * Records what the obligations of an allowed or held call did: the rate-limit and budget windows
 * it was charged to ({@code rule:scope:key}), and the approval it awaits or used.
 */
public record Obligations(List<String> rateLimits, List<String> budgets, Optional<String> approvalId) {
  public Obligations {
    rateLimits = List.copyOf(rateLimits);
    budgets = List.copyOf(budgets);
    approvalId = approvalId == null ? Optional.empty() : approvalId;
  }
}
