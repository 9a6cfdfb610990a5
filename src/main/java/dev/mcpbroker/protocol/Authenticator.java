package dev.mcpbroker.protocol;

import dev.mcpbroker.identity.Principal;

/** Decides who is calling from the request's {@code Authorization} header; runs on every request. */
public interface Authenticator {

  /**
   * Authenticates {@code authorization} (the raw header value, null when absent). May wait (for
   * the issuer's keys, say), so callers on an I/O thread use {@link #authenticateCached} first.
   */
  Outcome authenticate(String authorization);

  /**
   * Answers at once when no waiting is needed (a token verified before, a header that is no
   * token at all), with what {@link #authenticate} would answer; null when only {@link
   * #authenticate} can tell. Never blocks: the HTTP edge calls it on its event loop. The default
   * knows nothing, so every request takes the waiting path.
   */
  default Outcome authenticateCached(String authorization) {
    return null;
  }

  /**
   * Called when {@code caller}, authenticated, presented a live session that another principal
   * opened (a stolen or guessed session id). The client is answered as for an unknown session;
   * this is where the attempt is recorded. Does nothing by default.
   */
  default void foreignSession(Principal caller, String sessionId) {}

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
