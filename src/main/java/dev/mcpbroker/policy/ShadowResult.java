package dev.mcpbroker.policy;

import java.util.List;

/**
 * Reports what the decision would have been with the shadow rules enforced, for a safe roll-out;
 * it never changes the real decision.
 *
 * @param matched the shadow rules whose condition held (or failed to evaluate)
 * @param differs whether enforcing them would change the effect or the reason
 */
public record ShadowResult(Effect effect, String reason, List<String> matched, boolean differs) {
  public ShadowResult {
    matched = List.copyOf(matched);
  }
}
