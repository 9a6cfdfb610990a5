package dev.mcpbroker.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Mints session tokens for development from a local ES256 key, generated on first use and kept on
 * disk as a JWK file readable by its owner only. Off unless configured; production verifies tokens
 * from an external issuer's JWKS.
 */
public final class DevIssuer {
  public static final Path DEFAULT_KEY_FILE = Path.of(".mcp-broker", "dev-issuer-key.json");

  private final String issuer;
  private final URI audience;
  private final Path keyFile;
  private final Duration maxLifetime;
  private final String entitlementsClaim;
  private final Clock clock;
  private volatile Loaded loaded;

  private record Loaded(ECKey key, JWSSigner signer) {}

  /** An issuer matching {@code settings} (issuer, audience, maximum lifetime, entitlements claim). */
  public DevIssuer(SessionTokenSettings settings, Path keyFile) {
    this(settings.issuer(), settings.audience(), keyFile, settings.maxLifetime(), settings.entitlementsClaim(), Clock.systemUTC());
  }

  /** An issuer with every setting explicit. */
  public DevIssuer(String issuer, URI audience, Path keyFile, Duration maxLifetime, String entitlementsClaim, Clock clock) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.audience = Objects.requireNonNull(audience, "audience");
    this.keyFile = keyFile == null ? DEFAULT_KEY_FILE : keyFile;
    this.maxLifetime = Objects.requireNonNull(maxLifetime, "maxLifetime");
    this.entitlementsClaim = entitlementsClaim == null ? SessionTokenSettings.DEFAULT_ENTITLEMENTS_CLAIM : entitlementsClaim;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Mints a session token for {@code agent} acting for {@code subject}, with a fresh {@code sid}
   * and {@code jti}.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive or exceeds the maximum lifetime
   */
  public String mint(String agent, String subject, Duration ttl, Set<String> scopes, Map<String, Object> entitlements) {
    if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(maxLifetime) > 0) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0 and <= " + maxLifetime + ")");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience.toString())
        .subject(Objects.requireNonNull(subject, "subject"))
        .claim("client_id", Objects.requireNonNull(agent, "agent"))
        .claim("sid", Ids.random128())
        .jwtID(Ids.random128())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)));
    if (scopes != null && !scopes.isEmpty()) {
      claims.claim("scope", String.join(" ", scopes));
    }
    if (entitlements != null && !entitlements.isEmpty()) {
      claims.claim(entitlementsClaim, entitlements);
    }
    Loaded k = key();
    // RFC 9068 §2.1: access tokens are typed at+jwt
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
        .type(new JOSEObjectType("at+jwt")).keyID(k.key().getKeyID()).build();
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(k.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("signing with the development key failed", e);
    }
    return jwt.serialize();
  }

  /** Returns the public JWK set (JSON) that a verifier of these tokens trusts. */
  public String publicJwks() {
    return new JWKSet(key().key().toPublicJWK()).toString();
  }

  /** Returns where the private key is kept. */
  public Path keyFile() {
    return keyFile;
  }

  private Loaded key() {
    Loaded k = loaded;
    if (k == null) {
      synchronized (this) {
        if (loaded == null) {
          loaded = loadOrCreate();
        }
        k = loaded;
      }
    }
    return k;
  }

  private Loaded loadOrCreate() {
    try {
      String json = Files.exists(keyFile) ? KeyFile.read(keyFile) : KeyFile.writeOnce(keyFile, generate().toJSONString());
      ECKey key = ECKey.parse(json);
      if (!Curve.P_256.equals(key.getCurve()) || !key.isPrivate()) {
        throw new IllegalStateException(keyFile + ": not a private P-256 JWK (expected: the development issuer's key)");
      }
      return new Loaded(key, CryptoProviders.apply(
          new ECDSASigner(CryptoProviders.nativeKey(key.toECPrivateKey(), ECPrivateKey.class))));
    } catch (IOException e) {
      throw new UncheckedIOException("development issuer key " + keyFile, e);
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException(keyFile + ": " + e.getMessage(), e);
    }
  }

  private static ECKey generate() throws JOSEException {
    return new ECKeyGenerator(Curve.P_256)
        .keyUse(KeyUse.SIGNATURE)
        .algorithm(JWSAlgorithm.ES256)
        .keyIDFromThumbprint(true)
        .generate();
  }
}
