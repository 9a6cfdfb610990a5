package dev.mcpbroker.identity;

import java.util.Objects;

/** The outcome of verifying a session token: a principal, or a rejection with its reason. */
public sealed interface Verification permits Verification.Verified, Verification.Rejected {

  /** A token that passed every check. */
  record Verified(Principal principal) implements Verification {
    public Verified {
      Objects.requireNonNull(principal, "principal");
    }
  }

  /**
   * A refused token: an expected, input-driven outcome (no stack trace, not an error).
   *
   * @param message names the field, the value and the expectation; safe to show the client
   */
  record Rejected(TokenRejection reason, String message) implements Verification {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    /** Returns the reason's stable code. */
    public String code() {
      return reason.code();
    }
  }
}
