package dev.mcpbroker.identity;

import java.util.Objects;

/** What a backend concludes about an action token for the call in hand. */
public sealed interface ActionVerification permits ActionVerification.Accepted, ActionVerification.Refused {

  /** The token authorizes exactly this call, and has now been used up. */
  record Accepted(String subject, String agent, String jti) implements ActionVerification {
    public Accepted {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(jti, "jti");
    }
  }

  /** The call must not run; {@code message} names the field, the value and the expectation. */
  record Refused(ActionRefusal reason, String message) implements ActionVerification {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    /** Returns the reason's stable code. */
    public String code() {
      return reason.code();
    }
  }
}
