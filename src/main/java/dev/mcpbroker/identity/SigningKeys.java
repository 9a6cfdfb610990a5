package dev.mcpbroker.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The broker's ES256 keys for action tokens, with rotation.
 *
 * <p>Design: three kinds of key are published. The <em>current</em> key signs. The <em>next</em>
 * key is published before it signs anything, so a backend that refreshed its JWKS since the last
 * rotation already knows it when {@link #rotate()} promotes it. A <em>retired</em> key stays
 * published for {@code retention} after rotation, the longest lifetime of a token it signed (plus
 * the verifier's clock skew), and then disappears. Keys live in memory only: after a restart
 * backends learn the new keys on their next JWKS fetch. Thread-safe; state is one immutable
 * snapshot, read without a lock and replaced by one rotation at a time.
 */
public final class SigningKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Duration retention;
  private final Clock clock;
  private final AtomicReference<State> state;

  /**
   * A signing key with its signer and its action-token header, each built once: the header and
   * its base64url form are the same for every token the key signs.
   */
  record Signing(ECKey key, JWSSigner signer, JWSHeader header, String encodedHeader) {
    Signing(ECKey key, JWSSigner signer) {
      this(key, signer, actionTokenHeader(key));
    }

    private Signing(ECKey key, JWSSigner signer, JWSHeader header) {
      this(key, signer, header, header.toBase64URL().toString());
    }

    private static JWSHeader actionTokenHeader(ECKey key) {
      return new JWSHeader.Builder(JWSAlgorithm.ES256).type(ActionTokenMinter.TYPE).keyID(key.getKeyID()).build();
    }
  }

  private record Retired(ECKey key, Instant until) {}

  private record State(Signing current, Signing next, List<Retired> retired) {}

  /**
   * Creates keys whose retired members stay published for {@code retention}, which must be at least
   * the longest action-token lifetime.
   */
  public SigningKeys(Duration retention, Clock clock) {
    if (retention == null || retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention: " + retention + " (expected: > 0)");
    }
    this.retention = retention;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.state = new AtomicReference<>(new State(generate(), generate(), List.of()));
  }

  /** Creates keys on the system clock. */
  public SigningKeys(Duration retention) {
    this(retention, Clock.systemUTC());
  }

  /**
   * What one rotation did.
   *
   * @param current the key id that signs from now on
   * @param retired the key id that stopped signing
   * @param retiredUntil until when the retired key stays published
   */
  public record Rotation(String current, String retired, Instant retiredUntil) {}

  /**
   * Makes the next key current, retires the current one, and prepares a new next key. The retired
   * key stays published for {@code retention} plus the verifier's clock skew: a backend accepts a
   * token that long after it expires, so it must still find the key.
   */
  public synchronized Rotation rotate() {
    Signing fresh = generate();
    State s = state.get();
    Instant now = clock.instant();
    List<Retired> retired = new ArrayList<>();
    for (Retired r : s.retired()) {
      if (r.until().isAfter(now)) {
        retired.add(r);
      }
    }
    Instant until = now.plus(retention).plus(ActionTokenVerifier.DEFAULT_CLOCK_SKEW);
    retired.add(new Retired(s.current().key(), until));
    state.set(new State(s.next(), fresh, List.copyOf(retired)));
    return new Rotation(s.next().key().getKeyID(), s.current().key().getKeyID(), until);
  }

  /** Returns the public JWK set for {@code /.well-known/jwks.json}: current, next, and unexpired retired keys. */
  public JWKSet publicJwkSet() {
    State s = state.get();
    Instant now = clock.instant();
    List<JWK> keys = new ArrayList<>();
    keys.add(s.current().key().toPublicJWK());
    keys.add(s.next().key().toPublicJWK());
    for (Retired r : s.retired()) {
      if (r.until().isAfter(now)) {
        keys.add(r.key().toPublicJWK());
      }
    }
    return new JWKSet(keys);
  }

  /** Returns {@link #publicJwkSet()} as JSON. */
  public String jwks() {
    return publicJwkSet().toString();
  }

  /** How long a retired key stays published; no action token may live longer. */
  public Duration retention() {
    return retention;
  }

  Signing current() {
    return state.get().current();
  }

  private static Signing generate() {
    try {
      ECKey key = new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .keyIDFromThumbprint(true)
          .generate();
      ECDSASigner signer = CryptoProviders.apply(
          new ECDSASigner(CryptoProviders.nativeKey(key.toECPrivateKey(), ECPrivateKey.class)));
      // without one, nimbus builds a new SecureRandom for every signature (seeding it each time);
      // a SecureRandom is safe for concurrent use, so one serves every call
      signer.getJCAContext().setSecureRandom(RANDOM);
      return new Signing(key, signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a P-256 key", e);
    }
  }
}
