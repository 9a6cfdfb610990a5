package dev.mcpbroker.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

/**
 * Verifies EdDSA (Ed25519) signatures through the JCA.
 *
 * <p>Why not nimbus's {@code Ed25519Verifier}: it needs Google Tink on the classpath (and Tink's
 * pure-Java Ed25519); the JCA has had Ed25519 since Java 15 and ACCP implements it natively.
 */
final class Ed25519JcaVerifier implements JWSVerifier {
  // RFC 8410 §4 SubjectPublicKeyInfo prefix for an Ed25519 key; the 32 key bytes follow.
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private final PublicKey key;
  private final JCAContext jca = new JCAContext();

  Ed25519JcaVerifier(OctetKeyPair jwk) throws JOSEException {
    if (!Curve.Ed25519.equals(jwk.getCurve())) {
      throw new JOSEException("crv: " + jwk.getCurve() + " (expected: Ed25519)");
    }
    byte[] x = jwk.getDecodedX();
    byte[] der = new byte[X509_PREFIX.length + x.length];
    System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
    System.arraycopy(x, 0, der, X509_PREFIX.length, x.length);
    try {
      key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
    // RFC 7515 §4.1.11: a critical header we do not understand makes the JWS invalid
    if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) || header.getCriticalParams() != null) {
      return false;
    }
    try {
      Signature verifier = jca.getProvider() == null
          ? Signature.getInstance("Ed25519")
          : Signature.getInstance("Ed25519", jca.getProvider());
      verifier.initVerify(key);
      verifier.update(signingInput);
      return verifier.verify(signature.decode());
    } catch (SignatureException e) {
      return false; // wrong length or encoding: a bad signature, not an outage
    } catch (GeneralSecurityException e) {
      throw new JOSEException("Ed25519 verification failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.EdDSA);
  }

  @Override
  public JCAContext getJCAContext() {
    return jca;
  }
}
