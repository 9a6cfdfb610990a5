package dev.mcpbroker.identity;

import static dev.mcpbroker.identity.CompactJws.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpbroker.identity.ActionVerification.Accepted;
import dev.mcpbroker.identity.ActionVerification.Refused;
import dev.mcpbroker.json.CanonicalJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks, in a backend, that an action token authorizes exactly the call in hand: signed by the
 * broker (ES256 only), for this backend, unexpired, naming this tool and the SHA-256 of these
 * arguments' RFC 8785 form, and not used before.
 *
 * <p>The replay cache is per process: each {@code jti} is remembered until its token expires, so a
 * backend running several replicas must route by {@code jti} or share a store to keep tokens
 * single-use across them. Entries are never evicted early (no size bound), since an evicted entry
 * would reopen a replay; the short lifetimes bound its size instead.
 */
public final class ActionTokenVerifier {
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(5);
  public static final Duration DEFAULT_JWKS_MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);
  private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.ES256);

  private final JwksCache keys;
  private final String issuer;
  private final String audience;
  private final Clock clock;
  private final Cache<String, Instant> seen;

  /** Trusts a fixed JWK set of the broker. */
  public ActionTokenVerifier(JWKSet brokerKeys, String brokerIssuer, URI audience) {
    this(JwksLoader.fixed(brokerKeys), "configured JWKS", brokerIssuer, audience, Clock.systemUTC());
  }

  /** Trusts the broker's JWKS at {@code brokerJwksUrl}, refetched at most every 30 seconds. */
  public ActionTokenVerifier(URI brokerJwksUrl, String brokerIssuer, URI audience) {
    this(checkedUrl(brokerJwksUrl), brokerJwksUrl.toString(), brokerIssuer, audience, Clock.systemUTC());
  }

  ActionTokenVerifier(JwksLoader loader, String source, String issuer, URI audience, Clock clock) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.audience = Objects.requireNonNull(audience, "audience").toString();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keys = new JwksCache(loader, source, ALLOWED, DEFAULT_JWKS_MIN_REFETCH_INTERVAL, clock);
    this.seen = Caffeine.newBuilder()
        .ticker(JwksCache.ticker(clock))
        .expireAfter(Expiry.<String, Instant>creating(
            (jti, exp) -> max0(Duration.between(clock.instant(), exp.plus(DEFAULT_CLOCK_SKEW)))))
        .build();
  }

  /** Verifies {@code jwt} for a call of {@code toolName} with {@code argumentsInHand}; never throws for bad input. */
  public ActionVerification verifyFor(String jwt, String toolName, JsonNode argumentsInHand) {
    CompactJws.Parsed parsed = CompactJws.parse(jwt, ALLOWED);
    if (parsed instanceof CompactJws.Bad bad) {
      return new Refused(bad.algNotAllowed() ? ActionRefusal.ALG_NOT_ALLOWED : ActionRefusal.MALFORMED, bad.message());
    }
    SignedJWT token = ((CompactJws.Ok) parsed).jwt();
    if (!ActionTokenMinter.TYPE.equals(token.getHeader().getType())) {
      return new Refused(ActionRefusal.MALFORMED,
          "typ: " + quote(token.getHeader().getType()) + " (expected: " + quote(ActionTokenMinter.TYPE) + ")");
    }
    String kid = token.getHeader().getKeyID();
    List<JWSVerifier> candidates;
    try {
      candidates = keys.verifiersFor(JWSAlgorithm.ES256, kid);
    } catch (JwksCache.KeysUnavailable e) {
      return new Refused(ActionRefusal.KEYS_UNAVAILABLE, e.getMessage());
    }
    if (candidates.isEmpty()) {
      return new Refused(ActionRefusal.UNKNOWN_KEY, "kid: " + quote(kid) + " (expected: a key of the broker)");
    }
    if (!SessionTokenVerifier.signedByAny(token, candidates)) {
      return new Refused(ActionRefusal.BAD_SIGNATURE, "signature: does not verify (expected: signed by the broker)");
    }
    try {
      return checkClaims(token.getJWTClaimsSet(), toolName, argumentsInHand);
    } catch (ParseException | ClassCastException e) {
      return new Refused(ActionRefusal.MALFORMED, "claims: " + e.getMessage());
    }
  }

  private ActionVerification checkClaims(JWTClaimsSet claims, String toolName, JsonNode args) throws ParseException {
    if (!issuer.equals(claims.getIssuer())) {
      return new Refused(ActionRefusal.WRONG_ISSUER, "iss: " + quote(claims.getIssuer()) + " (expected: " + quote(issuer) + ")");
    }
    if (!claims.getAudience().contains(audience)) {
      return new Refused(ActionRefusal.WRONG_AUDIENCE,
          "aud: " + quote(claims.getAudience()) + " (expected: to contain " + quote(audience) + ")");
    }
    Instant now = clock.instant();
    if (claims.getExpirationTime() == null || claims.getIssueTime() == null || claims.getJWTID() == null) {
      return new Refused(ActionRefusal.MALFORMED, "exp, iat, jti: missing (expected: all present)");
    }
    Instant exp = claims.getExpirationTime().toInstant();
    if (now.isAfter(exp.plus(DEFAULT_CLOCK_SKEW))) {
      return new Refused(ActionRefusal.EXPIRED, "exp: " + exp + " (expected: after " + now + ")");
    }
    Duration lifetime = Duration.between(claims.getIssueTime().toInstant(), exp);
    if (lifetime.compareTo(DEFAULT_MAX_LIFETIME) > 0) {
      return new Refused(ActionRefusal.LIFETIME_TOO_LONG, "exp - iat: " + lifetime + " (expected: <= " + DEFAULT_MAX_LIFETIME + ")");
    }
    Map<String, Object> details = toolCallDetails(claims);
    if (details == null) {
      return new Refused(ActionRefusal.MALFORMED,
          "authorization_details: no single " + quote(ActionTokenMinter.DETAILS_TYPE) + " entry (expected: exactly one)");
    }
    if (!Objects.equals(toolName, details.get("tool"))) {
      return new Refused(ActionRefusal.TOOL_MISMATCH, "tool: " + quote(details.get("tool")) + " (expected: " + quote(toolName) + ")");
    }
    String expected = details.get("arguments_sha256") instanceof String s ? s : "";
    String actual;
    try {
      actual = CanonicalJson.sha256Hex(args);
    } catch (IllegalArgumentException e) {
      return new Refused(ActionRefusal.DIGEST_MISMATCH, "arguments: not canonicalizable (" + e.getMessage() + ")");
    }
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII))) {
      return new Refused(ActionRefusal.DIGEST_MISMATCH,
          "arguments_sha256: " + quote(expected) + " (expected: " + quote(actual) + ", the digest of the arguments in hand)");
    }
    // last: a token refused for another reason must not be used up
    if (seen.asMap().putIfAbsent(claims.getJWTID(), exp) != null) {
      return new Refused(ActionRefusal.REPLAYED, "jti: " + quote(claims.getJWTID()) + " (expected: not used before)");
    }
    Map<String, Object> act = claims.getJSONObjectClaim("act");
    String agent = act != null && act.get("sub") instanceof String s ? s : "";
    return new Accepted(claims.getSubject() == null ? "" : claims.getSubject(), agent, claims.getJWTID());
  }

  private static Map<String, Object> toolCallDetails(JWTClaimsSet claims) {
    if (!(claims.getClaim("authorization_details") instanceof List<?> list)) {
      return null;
    }
    Map<String, Object> found = null;
    for (Object entry : list) {
      if (entry instanceof Map<?, ?> m && ActionTokenMinter.DETAILS_TYPE.equals(m.get("type"))) {
        if (found != null) {
          return null; // two grants for one call: ambiguous, refuse
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        found = typed;
      }
    }
    return found;
  }

  private static JwksLoader checkedUrl(URI url) {
    SessionTokenSettings.checkJwksUrl(url);
    return JwksLoader.url(url);
  }

  private static Duration max0(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
