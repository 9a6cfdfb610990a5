package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers one call: the effect, a stable reason code (empty on allow), the rules that decided, the
 * policy version, the arguments as sent and as they must be forwarded, what the obligations did,
 * and what the shadow rules would have done. {@code detail} is for logs and audit, never for the
 * model.
 */
public record Decision(
    Effect effect,
    String reason,
    List<String> ruleIds,
    String policyVersion,
    ObjectNode finalArgs,
    ObjectNode originalArgs,
    Optional<Obligations> obligations,
    Optional<ShadowResult> shadow,
    String detail) {

  public Decision {
    Objects.requireNonNull(effect, "effect");
    reason = reason == null ? "" : reason;
    ruleIds = List.copyOf(ruleIds);
    Objects.requireNonNull(policyVersion, "policyVersion");
    Objects.requireNonNull(originalArgs, "originalArgs");
    finalArgs = finalArgs == null ? originalArgs : finalArgs;
    obligations = obligations == null ? Optional.empty() : obligations;
    shadow = shadow == null ? Optional.empty() : shadow;
    detail = detail == null ? "" : detail;
    if (effect != Effect.ALLOW && reason.isEmpty()) {
      throw new IllegalArgumentException("reason: \"\" (expected: a reason code on " + effect.yamlName() + ")");
    }
  }

  /** True when the call may be forwarded. */
  public boolean allowed() {
    return effect == Effect.ALLOW;
  }

  /** A deny without rules, obligations or shadow, e.g. for a fact that could not be fetched. */
  static Decision deny(String reason, String version, ObjectNode args, String detail) {
    return new Decision(Effect.DENY, reason, List.of(), version, args, args,
        Optional.empty(), Optional.empty(), detail);
  }
}
