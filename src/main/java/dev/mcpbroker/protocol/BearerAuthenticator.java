package dev.mcpbroker.protocol;

import dev.mcpbroker.identity.SessionTokenVerifier;
import dev.mcpbroker.identity.TokenRejection;
import dev.mcpbroker.identity.Verification;
import java.net.URI;
import java.util.Set;

/**
 * Authenticates OAuth bearer tokens (RFC 6750) with the session-token verifier and answers
 * refusals the way the MCP authorization spec asks: 401 with {@code WWW-Authenticate: Bearer
 * resource_metadata="..."} pointing at the RFC 9728 metadata (plus {@code error="invalid_token"}
 * when a token was sent), 403 {@code insufficient_scope} naming the scopes.
 */
public final class BearerAuthenticator implements Authenticator {
  private final SessionTokenVerifier verifier;
  private final String metadataParam;
  private final String requiredScope;

  public BearerAuthenticator(SessionTokenVerifier verifier, URI resourceMetadata, Set<String> requiredScopes) {
    this.verifier = verifier;
    this.metadataParam = "resource_metadata=\"" + resourceMetadata + "\"";
    this.requiredScope = String.join(" ", requiredScopes);
  }

  @Override
  public Outcome authenticate(String authorization) {
    Refused malformed = malformed(authorization);
    return malformed != null ? malformed : outcome(verifier.verify(token(authorization)));
  }

  @Override
  public Outcome authenticateCached(String authorization) {
    Refused malformed = malformed(authorization);
    if (malformed != null) {
      return malformed;
    }
    Verification v = verifier.verifyCached(token(authorization));
    return v == null ? null : outcome(v);
  }

  /** Refuses a header that carries no bearer token; null when it does. */
  private Refused malformed(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return new Refused(401, "Bearer " + metadataParam, "missing_token", "Authorization header: missing (expected: Bearer <session token>)");
    }
    int space = authorization.indexOf(' ');
    if (space < 0 || !authorization.substring(0, space).equalsIgnoreCase("Bearer")) {
      return new Refused(401, "Bearer " + metadataParam, "not_bearer", "Authorization header: not a Bearer token (expected: Bearer <session token>)");
    }
    return null;
  }

  private static String token(String authorization) {
    return authorization.substring(authorization.indexOf(' ') + 1).trim();
  }

  private Outcome outcome(Verification v) {
    if (v instanceof Verification.Verified ok) {
      return new Accepted(ok.principal());
    }
    Verification.Rejected no = (Verification.Rejected) v;
    if (no.reason() == TokenRejection.INSUFFICIENT_SCOPE) {
      return new Refused(403, "Bearer error=\"insufficient_scope\", scope=\"" + requiredScope + "\", " + metadataParam,
          no.code(), "session token: " + no.message());
    }
    if (no.reason() == TokenRejection.KEYS_UNAVAILABLE) {
      return new Refused(503, null, no.code(), "session token: the issuer's keys are unavailable; try again later");
    }
    return new Refused(401, "Bearer error=\"invalid_token\", error_description=\"" + no.code() + "\", " + metadataParam,
        no.code(), "session token: " + no.message());
  }
}
