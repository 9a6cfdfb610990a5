package dev.mcpbroker.identity;

import java.time.Instant;
import java.util.Objects;

/** A minted action token: the compact JWT for the backend, its single-use id, and its expiry. */
public record ActionToken(String jwt, String jti, Instant expiresAt) {
  public ActionToken {
    Objects.requireNonNull(jwt, "jwt");
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Hides the token itself, which is a bearer credential until it expires. */
  @Override
  public String toString() {
    return "ActionToken[jti=" + jti + ", expiresAt=" + expiresAt + "]";
  }
}
