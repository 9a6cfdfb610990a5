package dev.mcpbroker.protocol;

import dev.mcpbroker.identity.Principal;

/** Decides who is calling from the request's {@code Authorization} header; runs on every request. */
public interface Authenticator {

  /** Authenticates {@code authorization} (the raw header value, null when absent). */
  Outcome authenticate(String authorization);

  /** What authentication concluded. */
  sealed interface Outcome permits Accepted, Refused {}

  /** A verified caller. */
  record Accepted(Principal principal) implements Outcome {}

  /**
   * A refusal: HTTP {@code status}, the {@code WWW-Authenticate} challenge (null when none), a
   * stable reason code (for audit and metrics) and a message safe to show the client.
   */
  record Refused(int status, String challenge, String reason, String message) implements Outcome {}
}
