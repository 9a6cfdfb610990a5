package dev.mcpbroker.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;

/** An external issuer for tests: ES256, RS256 and Ed25519 keys, and tokens good or bad on request. */
final class TestIssuer {
  static final String ISSUER = "https://issuer.example";
  static final URI AUDIENCE = URI.create("https://broker.example/mcp");

  final ECKey ec;
  final RSAKey rsa;
  final KeyPair ed;
  final OctetKeyPair edJwk;
  private final Clock clock;

  /** Keys are costly to make (RSA especially); tests share one set unless they need another. */
  private static final TestIssuer SHARED = new TestIssuer(Clock.systemUTC(), true);

  TestIssuer(Clock clock) {
    this.clock = clock;
    this.ec = SHARED.ec;
    this.rsa = SHARED.rsa;
    this.ed = SHARED.ed;
    this.edJwk = SHARED.edJwk;
  }

  /** An issuer with its own keys, but the same key ids as every other (an impostor). */
  static TestIssuer withFreshKeys(Clock clock) {
    return new TestIssuer(clock, true);
  }

  private TestIssuer(Clock clock, boolean fresh) {
    this.clock = clock;
    try {
      ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
      rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
      ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] encoded = ed.getPublic().getEncoded(); // X.509: 12-byte prefix, then the 32 key bytes
      edJwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Arrays.copyOfRange(encoded, 12, 44)))
          .keyID("ed-1").build();
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  JWKSet publicJwks() {
    return new JWKSet(java.util.List.of(ec.toPublicJWK(), rsa.toPublicJWK(), edJwk));
  }

  Path writeJwks(Path dir) throws java.io.IOException {
    return Files.writeString(dir.resolve("jwks.json"), publicJwks().toString());
  }

  SessionTokenSettings settings(Path jwksFile) {
    return SessionTokenSettings.withJwksFile(ISSUER, AUDIENCE, jwksFile);
  }

  /** Claims that pass every check: 5 minutes of life, issued now. */
  JWTClaimsSet.Builder claims() {
    Instant now = clock.instant();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE.toString())
        .subject("customer-42")
        .claim("client_id", "refund-agent")
        .claim("sid", "session-1")
        .jwtID("token-" + System.nanoTime())
        .claim("scope", "orders:read orders:refund")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
  }

  String es256(JWTClaimsSet claims) {
    return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(), claims, Alg.ES256);
  }

  String es256WithKid(JWTClaimsSet claims, String kid) {
    return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims, Alg.ES256);
  }

  String sign(JWSAlgorithm alg, JWTClaimsSet claims) {
    if (JWSAlgorithm.RS256.equals(alg)) {
      return sign(new JWSHeader.Builder(alg).keyID(rsa.getKeyID()).build(), claims, Alg.RS256);
    }
    if (JWSAlgorithm.EdDSA.equals(alg)) {
      return eddsa(claims);
    }
    return es256(claims);
  }

  private enum Alg { ES256, RS256 }

  private String sign(JWSHeader header, JWTClaimsSet claims, Alg alg) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(alg == Alg.ES256 ? new ECDSASigner(ec) : new RSASSASigner(rsa));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** EdDSA assembled by hand with the JDK's Ed25519 (nimbus's own signer needs Tink). */
  String eddsa(JWTClaimsSet claims) {
    String input = b64("{\"alg\":\"EdDSA\",\"kid\":\"" + edJwk.getKeyID() + "\"}") + "." + b64(claims.toString());
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(ed.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64URL.encode(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key-confusion attack: HS256 "signed" with the issuer's public key as the HMAC secret. */
  String hs256WithPublicKey(JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(ec.getKeyID()).build(), claims);
    try {
      jwt.sign(new MACSigner(ec.toECPublicKey().getEncoded()));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** An unsecured JWT (RFC 7519 §6): header {"alg":"none"}, empty signature. */
  static String unsigned(JWTClaimsSet claims) {
    return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims.toString()) + ".";
  }

  static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
