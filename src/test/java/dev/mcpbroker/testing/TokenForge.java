package dev.mcpbroker.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpbroker.config.AuthSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Forges session tokens for a broker under test, good and bad, with the development issuer's own
 * key (read from its key file) or with an attacker's: what an attacker would try.
 */
public final class TokenForge {
  private final ECKey key;
  private final String audience;

  private TokenForge(ECKey key, String audience) {
    this.key = key;
    this.audience = audience;
  }

  /** Reads the development issuer's key of {@code broker}. */
  public static TokenForge of(BrokerUnderTest broker) throws Exception {
    return of(broker.broker());
  }

  /** Reads the development issuer's key of {@code broker} (the demo's broker, for instance). */
  public static TokenForge of(dev.mcpbroker.Broker broker) throws Exception {
    Path file = broker.identity().devIssuer().keyFile();
    return new TokenForge(ECKey.parse(Files.readString(file)), broker.identity().resource().toString());
  }

  /** Claims that pass every check: issued now for 5 minutes. */
  public JWTClaimsSet.Builder claims(String agent, String subject) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(AuthSettings.DEV_ISSUER)
        .audience(audience)
        .subject(subject)
        .claim("client_id", agent)
        .claim("sid", "sid-" + System.nanoTime())
        .jwtID("jti-" + System.nanoTime())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
  }

  /** Signs with the issuer's real key. */
  public String sign(JWTClaimsSet claims) {
    return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims, key);
  }

  /** Signs with the issuer's real key but names another key id. */
  public String signWithKid(JWTClaimsSet claims, String kid) {
    return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims, key);
  }

  /** Signs with an attacker's fresh key that claims the issuer's key id. */
  public String signWithImpostorKey(JWTClaimsSet claims) throws JOSEException {
    ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(key.getKeyID()).generate();
    return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims, impostor);
  }

  /** The key-confusion attack: HS256 with the issuer's public key as the HMAC secret. */
  public String hs256WithPublicKey(JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new MACSigner(key.toECPublicKey().getEncoded()));
    return jwt.serialize();
  }

  /** An unsecured JWT: {@code alg: none}, empty signature. */
  public static String unsigned(JWTClaimsSet claims) {
    return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims.toString()) + ".";
  }

  /** Replaces the payload of a signed token, keeping its signature. */
  public static String tamper(String token, JWTClaimsSet newClaims) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + b64(newClaims.toString()) + "." + parts[2];
  }

  private static String sign(JWSHeader header, JWTClaimsSet claims, ECKey with) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(new ECDSASigner(with));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
