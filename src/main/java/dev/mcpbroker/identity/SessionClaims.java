package dev.mcpbroker.identity;

import static dev.mcpbroker.identity.CompactJws.quote;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.mcpbroker.identity.Verification.Rejected;
import dev.mcpbroker.identity.Verification.Verified;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the claims of a session token whose signature is already verified, and turns them into a
 * {@link Principal} (DESIGN.md "Tokens"; RFC 9068 §4 for the checks, RFC 8693 §4.1 for {@code act}).
 */
final class SessionClaims {
  /** Deeper {@code act} nesting than this is refused: no delegation chain needs it. */
  static final int MAX_ACTOR_DEPTH = 8;

  private SessionClaims() {}

  static Verification check(JWTClaimsSet claims, SessionTokenSettings settings, Instant now) {
    try {
      return checkOrThrow(claims, settings, now);
    } catch (ParseException | ClassCastException e) {
      return new Rejected(TokenRejection.MALFORMED, "claims: " + e.getMessage());
    }
  }

  private static Verification checkOrThrow(JWTClaimsSet claims, SessionTokenSettings settings, Instant now)
      throws ParseException {
    Duration skew = settings.clockSkew();
    if (!settings.issuer().equals(claims.getIssuer())) {
      return reject(TokenRejection.WRONG_ISSUER,
          "iss: " + quote(claims.getIssuer()) + " (expected: " + quote(settings.issuer()) + ")");
    }
    String audience = settings.audience().toString();
    if (!claims.getAudience().contains(audience)) {
      return reject(TokenRejection.WRONG_AUDIENCE,
          "aud: " + quote(claims.getAudience()) + " (expected: to contain " + quote(audience) + ")");
    }
    Instant exp = instant(claims.getExpirationTime());
    Instant iat = instant(claims.getIssueTime());
    Instant nbf = instant(claims.getNotBeforeTime());
    if (exp == null || iat == null) {
      return reject(TokenRejection.MISSING_CLAIM, (exp == null ? "exp" : "iat") + ": missing (expected: a NumericDate)");
    }
    if (now.isAfter(exp.plus(skew))) {
      return reject(TokenRejection.EXPIRED, "exp: " + exp + " (expected: after " + now + " - " + skew + ")");
    }
    if (nbf != null && nbf.minus(skew).isAfter(now)) {
      return reject(TokenRejection.NOT_YET_VALID, "nbf: " + nbf + " (expected: before " + now + " + " + skew + ")");
    }
    if (iat.minus(skew).isAfter(now)) {
      return reject(TokenRejection.NOT_YET_VALID, "iat: " + iat + " (expected: before " + now + " + " + skew + ")");
    }
    // refused even while unexpired: a long-lived token is a stolen token's best friend
    Duration lifetime = Duration.between(iat, exp);
    if (lifetime.compareTo(settings.maxLifetime()) > 0) {
      return reject(TokenRejection.LIFETIME_TOO_LONG,
          "exp - iat: " + lifetime + " (expected: <= " + settings.maxLifetime() + ")");
    }
    for (String name : List.of("sub", "jti", "sid")) {
      String value = claims.getStringClaim(name);
      if (value == null || value.isBlank()) {
        return reject(TokenRejection.MISSING_CLAIM, name + ": missing (expected: a non-empty string)");
      }
    }
    Map<String, Object> act = claims.getJSONObjectClaim("act");
    String agent = act != null ? actorSub(act, "act") : claims.getStringClaim("client_id");
    if (agent == null || agent.isBlank()) {
      return reject(TokenRejection.MISSING_CLAIM, "act.sub / client_id: missing (expected: the agent's identity)");
    }
    Set<String> scopes = scopes(claims);
    if (!scopes.containsAll(settings.requiredScopes())) {
      return reject(TokenRejection.INSUFFICIENT_SCOPE,
          "scope: " + scopes + " (expected: to include " + settings.requiredScopes() + ")");
    }
    return new Verified(new Principal(agent, claims.getSubject(), history(act), scopes,
        claims.getJSONObjectClaim(settings.entitlementsClaim()), claims.getStringClaim("sid"),
        claims.getJWTID(), exp));
  }

  /** Earlier actors, nearest first: {@code act.act.sub}, {@code act.act.act.sub}, … */
  private static List<String> history(Map<String, Object> act) throws ParseException {
    List<String> history = new ArrayList<>();
    String path = "act";
    for (Object next = act == null ? null : act.get("act"); next != null; ) {
      path += ".act";
      if (!(next instanceof Map<?, ?> nested)) {
        throw new ParseException(path + ": not an object", 0);
      }
      if (history.size() >= MAX_ACTOR_DEPTH) {
        throw new ParseException(path + ": nested deeper than " + MAX_ACTOR_DEPTH, 0);
      }
      history.add(actorSub(nested, path));
      next = nested.get("act");
    }
    return history;
  }

  private static String actorSub(Map<?, ?> act, String path) throws ParseException {
    if (!(act.get("sub") instanceof String sub) || sub.isBlank()) {
      throw new ParseException(path + ".sub: missing (expected: a non-empty string)", 0);
    }
    return sub;
  }

  // RFC 9068 §2.2.3 / RFC 8693 §4.2: "scope" is space-separated; some issuers send "scp" arrays
  private static Set<String> scopes(JWTClaimsSet claims) throws ParseException {
    String scope = claims.getStringClaim("scope");
    if (scope != null) {
      Set<String> set = new LinkedHashSet<>();
      for (String s : scope.trim().split(" +")) {
        if (!s.isEmpty()) {
          set.add(s);
        }
      }
      return set;
    }
    List<String> scp = claims.getStringListClaim("scp");
    return scp == null ? Set.of() : new LinkedHashSet<>(scp);
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }

  private static Rejected reject(TokenRejection reason, String message) {
    return new Rejected(reason, message);
  }
}
