package dev.mcpbroker.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpbroker.identity.Verification.Rejected;
import dev.mcpbroker.identity.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the session tokens clients present and turns them into a {@link Principal}.
 *
 * <p>Design: the algorithm is checked against ES256 / RS256 / EdDSA before any key is looked at;
 * then the key is selected by {@code kid} from the issuer's JWKS ({@link JwksCache}), the signature
 * checked with the provider from {@link CryptoProviders}, and the claims checked by {@link
 * SessionClaims}. Each failed check has its own {@link TokenRejection}; that is why this does not
 * use nimbus's {@code DefaultJWTProcessor}, whose claim errors are all one exception type told
 * apart only by message text. A verified token is cached under the SHA-256 of its text until it
 * expires, so each token's signature is checked once; revocation is checked on every call.
 */
public final class SessionTokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(SessionTokenVerifier.class);
  static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.EdDSA);
  private static final Rejected NO_TOKEN =
      new Rejected(TokenRejection.MALFORMED, "token: missing (expected: a compact JWS)");
  private static final long MAX_CACHED = 100_000;

  private final SessionTokenSettings settings;
  private final Revocations revocations;
  private final Clock clock;
  private final JwksCache keys;
  private final Cache<String, Principal> verified;

  /** Creates a verifier on the system clock. */
  public SessionTokenVerifier(SessionTokenSettings settings, Revocations revocations) {
    this(settings, revocations, Clock.systemUTC());
  }

  /** Creates a verifier on {@code clock} (tests move time with it). */
  public SessionTokenVerifier(SessionTokenSettings settings, Revocations revocations, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    this.clock = Objects.requireNonNull(clock, "clock");
    JwksLoader loader = settings.jwksFile() != null
        ? JwksLoader.file(settings.jwksFile())
        : JwksLoader.url(settings.jwksUrl());
    String source = String.valueOf(settings.jwksFile() != null ? settings.jwksFile() : settings.jwksUrl());
    this.keys = new JwksCache(loader, source, ALLOWED, settings.jwksMinRefetchInterval(), clock);
    Duration skew = settings.clockSkew();
    this.verified = Caffeine.newBuilder()
        .ticker(JwksCache.ticker(clock))
        .maximumSize(MAX_CACHED)
        .expireAfter(Expiry.<String, Principal>creating(
            (key, p) -> max0(Duration.between(clock.instant(), p.expiresAt().plus(skew)))))
        .build();
  }

  /** The settings this verifier checks tokens against. */
  public SessionTokenSettings settings() {
    return settings;
  }

  /** Verifies a compact JWS; never throws for bad input. */
  public Verification verify(String compactJwt) {
    Verification outright = refusedOutright(compactJwt);
    if (outright != null) {
      return outright;
    }
    String key = sha256Hex(compactJwt);
    Principal cached = verified.getIfPresent(key);
    if (cached != null) {
      return admit(cached);
    }
    Verification v = check(compactJwt);
    if (!(v instanceof Verified ok)) {
      return v;
    }
    verified.put(key, ok.principal());
    return admit(ok.principal());
  }

  /**
   * Answers from what is already known, never waiting: a token verified before (still checked
   * for expiry and revocation), or one that needs no key to refuse; null when only {@link
   * #verify} can tell, since that may fetch the issuer's keys. Lets a caller on an I/O thread
   * keep the common case there and hand only the rest to a thread that may wait.
   */
  public Verification verifyCached(String compactJwt) {
    Verification outright = refusedOutright(compactJwt);
    if (outright != null) {
      return outright;
    }
    Principal cached = verified.getIfPresent(sha256Hex(compactJwt));
    return cached == null ? null : admit(cached);
  }

  /** Refuses a missing or oversized token without a key or a hash; null for any other. */
  private Verification refusedOutright(String compactJwt) {
    if (compactJwt == null || compactJwt.isBlank()) {
      return NO_TOKEN;
    }
    if (compactJwt.length() > CompactJws.MAX_CHARS) {
      return check(compactJwt); // refused by the parser before any key is looked up or the text hashed
    }
    return null;
  }

  /**
   * Verifies without consulting or filling the verified-token cache: every check, signature
   * included, runs again. For benchmarks and diagnostics; the request path uses {@link #verify}.
   */
  public Verification verifyUncached(String compactJwt) {
    Verification v = check(compactJwt);
    return v instanceof Verified ok ? admit(ok.principal()) : v;
  }

  /** The per-request part: still unexpired (the cache may lag by a tick), and not revoked. */
  private Verification admit(Principal p) {
    Instant now = clock.instant();
    if (now.isAfter(p.expiresAt().plus(settings.clockSkew()))) {
      return new Rejected(TokenRejection.EXPIRED, "exp: " + p.expiresAt() + " (expected: after " + now + ")");
    }
    String revoked = revocations.whyRevoked(p);
    return revoked == null ? new Verified(p) : new Rejected(TokenRejection.REVOKED, revoked);
  }

  private Verification check(String compactJwt) {
    CompactJws.Parsed parsed = CompactJws.parse(compactJwt, ALLOWED);
    if (parsed instanceof CompactJws.Bad bad) {
      return new Rejected(bad.algNotAllowed() ? TokenRejection.ALG_NOT_ALLOWED : TokenRejection.MALFORMED, bad.message());
    }
    CompactJws.Ok ok = (CompactJws.Ok) parsed;
    SignedJWT jwt = ok.jwt();
    String kid = jwt.getHeader().getKeyID();
    List<JWSVerifier> candidates;
    try {
      candidates = keys.verifiersFor(ok.alg(), kid);
    } catch (JwksCache.KeysUnavailable e) {
      return new Rejected(TokenRejection.KEYS_UNAVAILABLE, e.getMessage());
    }
    if (candidates.isEmpty()) {
      return new Rejected(TokenRejection.UNKNOWN_KEY,
          "kid: " + (kid == null ? "missing" : CompactJws.quote(kid)) + " (expected: an " + ok.alg() + " key of the issuer)");
    }
    if (!signedByAny(jwt, candidates)) {
      return new Rejected(TokenRejection.BAD_SIGNATURE, "signature: does not verify (expected: signed by the issuer's key)");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return new Rejected(TokenRejection.MALFORMED, "claims: " + e.getMessage());
    }
    return SessionClaims.check(claims, settings, clock.instant());
  }

  static boolean signedByAny(SignedJWT jwt, List<JWSVerifier> candidates) {
    for (JWSVerifier verifier : candidates) {
      try {
        if (jwt.verify(verifier)) {
          return true;
        }
      } catch (JOSEException e) {
        // malformed signature bytes are the caller's doing, not ours: a rejection, logged quietly
        LOG.debug("signature check failed: {}", e.getMessage());
      }
    }
    return false;
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static Duration max0(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
