package dev.mcpbroker.backends.gate;

import java.util.Objects;
import java.util.Optional;

/** Says whether a {@link CallGate} lets a tool call through, and on whose behalf. */
public sealed interface GateResult {

  /**
   * Lets the call through.
   *
   * @param customerId the customer the call acts for (the action token's subject), or {@code null}
   *     when the gate knows none: the backend then serves unscoped, as a development backend does
   * @param idempotencyKey identifies this authorised call (the token's {@code jti}); a backend that
   *     moves money does so at most once per key
   */
  record Accepted(String customerId, String idempotencyKey) implements GateResult {
    public Accepted {
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
      if (idempotencyKey.isEmpty() || idempotencyKey.length() > 255) {
        throw new IllegalArgumentException(
            "idempotencyKey: " + idempotencyKey.length() + " characters (expected: 1 to 255)");
      }
    }

    /** Returns the customer scope, empty when none is known. */
    public Optional<String> customer() {
      return Optional.ofNullable(customerId);
    }
  }

  /**
   * Refuses the call; the backend answers with a tool error and logs it.
   *
   * @param reason a stable reason code and detail, e.g. {@code token_expired: exp 1700000000}
   */
  record Refused(String reason) implements GateResult {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
