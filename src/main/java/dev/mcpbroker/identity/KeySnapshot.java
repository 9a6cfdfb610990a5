package dev.mcpbroker.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usable keys of one fetched JWK set, each with its verifier built once (key decoding is not
 * free), and when the set was fetched.
 *
 * <p>A key is usable for exactly one algorithm, derived from its type: EC P-256 for ES256, RSA of
 * at least 2048 bits for RS256, OKP Ed25519 for EdDSA. A key whose {@code alg} or {@code use} says
 * otherwise is skipped (RFC 7517 §4.2, §4.4), so no key is ever used with an algorithm it was not
 * made for.
 */
record KeySnapshot(List<Entry> entries, Instant fetchedAt) {
  private static final Logger LOG = LoggerFactory.getLogger(KeySnapshot.class);

  record Entry(String kid, JWSAlgorithm alg, JWSVerifier verifier) {}

  KeySnapshot {
    entries = List.copyOf(entries);
  }

  static KeySnapshot of(JWKSet set, Set<JWSAlgorithm> allowed, Instant fetchedAt) {
    List<Entry> entries = new ArrayList<>();
    for (JWK jwk : set.getKeys()) {
      JWSAlgorithm alg = algorithmFor(jwk);
      if (alg == null || !allowed.contains(alg)) {
        continue;
      }
      if (jwk.getAlgorithm() != null && !alg.equals(jwk.getAlgorithm())) {
        continue;
      }
      if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
        continue;
      }
      try {
        entries.add(new Entry(jwk.getKeyID(), alg, verifierFor(jwk)));
      } catch (JOSEException e) {
        LOG.warn("skipping JWK kid={}: {}", jwk.getKeyID(), e.getMessage());
      }
    }
    return new KeySnapshot(entries, fetchedAt);
  }

  /** Verifiers for {@code alg} whose kid matches; a header without kid matches every key. */
  List<JWSVerifier> verifiersFor(JWSAlgorithm alg, String kid) {
    List<JWSVerifier> found = new ArrayList<>(1);
    for (Entry e : entries) {
      if (e.alg.equals(alg) && (kid == null || kid.equals(e.kid))) {
        found.add(e.verifier);
      }
    }
    return found;
  }

  private static JWSAlgorithm algorithmFor(JWK jwk) {
    if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
      return JWSAlgorithm.ES256;
    }
    if (jwk instanceof RSAKey rsa && rsa.size() >= 2048) {
      return JWSAlgorithm.RS256;
    }
    if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
      return JWSAlgorithm.EdDSA;
    }
    return null;
  }

  private static JWSVerifier verifierFor(JWK jwk) throws JOSEException {
    if (jwk instanceof ECKey ec) {
      return CryptoProviders.apply(
          new ECDSAVerifier(CryptoProviders.nativeKey(ec.toECPublicKey(), ECPublicKey.class)));
    }
    if (jwk instanceof RSAKey rsa) {
      return CryptoProviders.apply(
          new RSASSAVerifier(CryptoProviders.nativeKey(rsa.toRSAPublicKey(), RSAPublicKey.class)));
    }
    return CryptoProviders.apply(new Ed25519JcaVerifier((OctetKeyPair) jwk));
  }
}
