package dev.mcpbroker.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.mcpbroker.json.CanonicalJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mints the ES256 action token a backend receives for one allowed call: for that backend only,
 * naming the tool and the digest of the exact arguments, single-use, and short-lived.
 */
public final class ActionTokenMinter {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
  /** Explicit type, so an action token is never mistaken for another kind of JWT (RFC 8725 §3.11). */
  static final JOSEObjectType TYPE = new JOSEObjectType("mcp-action+jwt");
  /** The RFC 9396 authorization details type. */
  static final String DETAILS_TYPE = "mcp_tool_call";

  private static final java.util.Base64.Encoder BASE64URL = java.util.Base64.getUrlEncoder().withoutPadding();

  private final String issuer;
  private final SigningKeys keys;
  private final Clock clock;

  /** A minter on the system clock. */
  public ActionTokenMinter(String issuer, SigningKeys keys) {
    this(issuer, keys, Clock.systemUTC());
  }

  /** A minter on {@code clock}. */
  public ActionTokenMinter(String issuer, SigningKeys keys, Clock clock) {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("issuer: " + issuer + " (expected: non-blank)");
    }
    this.issuer = issuer;
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Mints a token that lives {@link #DEFAULT_TTL}. */
  public ActionToken mint(Principal p, URI backendAudience, String upstreamTool, JsonNode finalArguments) {
    return mint(p, backendAudience, upstreamTool, finalArguments, DEFAULT_TTL);
  }

  /**
   * Mints a token for calling {@code upstreamTool} on {@code backendAudience} with exactly {@code
   * finalArguments} (after any rewriting by policy).
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive or outlives key retention
   */
  public ActionToken mint(Principal p, URI backendAudience, String upstreamTool, JsonNode finalArguments, Duration ttl) {
    Objects.requireNonNull(finalArguments, "finalArguments");
    return mint(p, backendAudience, upstreamTool, CanonicalJson.sha256Hex(finalArguments), ttl);
  }

  /**
   * Mints like {@link #mint(Principal, URI, String, JsonNode, Duration)}, for a caller that already
   * holds {@code argumentsSha256}, the lowercase hex SHA-256 of the final arguments' RFC 8785 form
   * (the tool-call chain computes that form once per call).
   */
  public ActionToken mint(Principal p, URI backendAudience, String upstreamTool, String argumentsSha256, Duration ttl) {
    Objects.requireNonNull(p, "principal");
    Objects.requireNonNull(backendAudience, "backendAudience");
    Objects.requireNonNull(upstreamTool, "upstreamTool");
    Objects.requireNonNull(argumentsSha256, "argumentsSha256");
    if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(keys.retention()) > 0) {
      // a token outliving its key's publication could not be verified at the end of its life
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0 and <= " + keys.retention() + ")");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant exp = now.plus(ttl);
    String jti = Ids.random128();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("type", DETAILS_TYPE);
    details.put("tool", upstreamTool);
    details.put("arguments_sha256", argumentsSha256);
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(backendAudience.toString())
        .subject(p.subject())
        .claim("act", actorChain(p))
        .claim("authorization_details", List.of(details)) // RFC 9396 §2
        .jwtID(jti)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(exp))
        .build();
    // RFC 7515 §7.1 compact serialization, assembled here rather than by SignedJWT: nimbus encodes
    // base64url in constant time, a defence for secrets that a token's claims are not, and that
    // was the largest cost of minting; the signature itself still comes from nimbus's signer
    SigningKeys.Signing signing = keys.current();
    String signingInput = signing.encodedHeader() + "."
        + BASE64URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    Base64URL signature;
    try {
      signature = signing.signer().sign(signing.header(), signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing an action token failed", e);
    }
    return new ActionToken(signingInput + "." + signature, jti, exp);
  }

  /** RFC 8693 §4.1: the agent is the current actor; earlier actors nest inside, nearest first. */
  static Map<String, Object> actorChain(Principal p) {
    Map<String, Object> chain = null;
    List<String> history = p.actorHistory();
    for (int i = history.size() - 1; i >= 0; i--) {
      chain = actor(history.get(i), chain);
    }
    return actor(p.agent(), chain);
  }

  private static Map<String, Object> actor(String sub, Map<String, Object> inner) {
    Map<String, Object> act = new LinkedHashMap<>();
    act.put("sub", sub);
    if (inner != null) {
      act.put("act", inner);
    }
    return act;
  }
}
