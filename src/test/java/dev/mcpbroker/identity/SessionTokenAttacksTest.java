package dev.mcpbroker.identity;

import dev.mcpbroker.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.mcpbroker.identity.Verification.Rejected;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The attacker's side of session-token verification: every forged or stale token is refused with its reason. */
class SessionTokenAttacksTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final TestIssuer issuer = new TestIssuer(clock);
  private SessionTokenVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    verifier = new SessionTokenVerifier(issuer.settings(issuer.writeJwks(dir)), new Revocations(), clock);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"garbage", "a.b.c", "a.b", "a.b.c.d.e", "eyJhbGciOiJFUzI1NiJ9..", "...."})
  void noTokenOrGarbage_isMalformed(String token) {
    assertRejected(token, TokenRejection.MALFORMED);
  }

  @Test
  void oversizedToken_isMalformed() {
    assertRejected("a".repeat(CompactJws.MAX_CHARS + 1), TokenRejection.MALFORMED);
  }

  @Test
  void algNone_isRejected() {
    Rejected r = assertRejected(TestIssuer.unsigned(issuer.claims().build()), TokenRejection.ALG_NOT_ALLOWED);
    assertThat(r.message()).contains("\"none\"");
  }

  @Test
  void hs256SignedWithPublicKey_isRejectedBeforeKeyLookup() {
    assertRejected(issuer.hs256WithPublicKey(issuer.claims().build()), TokenRejection.ALG_NOT_ALLOWED);
  }

  @Test
  void otherAsymmetricAlg_isRejected() {
    String es384 = TestIssuer.b64("{\"alg\":\"ES384\",\"kid\":\"ec-1\"}") + "." + TestIssuer.b64("{}") + ".c2ln";
    assertRejected(es384, TokenRejection.ALG_NOT_ALLOWED);
  }

  @Test
  void expired_isRejected() {
    String token = issuer.es256(issuer.claims().build());
    clock.advance(Duration.ofMinutes(6)); // 5 minutes of life + 30 s skew have passed
    assertRejected(token, TokenRejection.EXPIRED);
  }

  @Test
  void expiredWithinSkew_isAccepted() {
    String token = issuer.es256(issuer.claims().build());
    clock.advance(Duration.ofMinutes(5).plusSeconds(20));
    assertThat(verifier.verify(token)).isInstanceOf(Verification.Verified.class);
  }

  @Test
  void notYetValid_isRejected() {
    String token = issuer.es256(issuer.claims().notBeforeTime(Date.from(clock.instant().plusSeconds(120))).build());
    assertRejected(token, TokenRejection.NOT_YET_VALID);
  }

  @Test
  void issuedInTheFuture_isRejected() {
    Instant later = clock.instant().plusSeconds(120);
    String token = issuer.es256(issuer.claims().issueTime(Date.from(later))
        .expirationTime(Date.from(later.plusSeconds(60))).build());
    assertRejected(token, TokenRejection.NOT_YET_VALID);
  }

  @Test
  void wrongIssuer_isRejected() {
    Rejected r = assertRejected(issuer.es256(issuer.claims().issuer("https://evil.example").build()), TokenRejection.WRONG_ISSUER);
    assertThat(r.message()).isEqualTo("iss: \"https://evil.example\" (expected: \"https://issuer.example\")");
  }

  @Test
  void wrongAudience_isRejected() {
    assertRejected(issuer.es256(issuer.claims().audience("https://other.example/mcp").build()), TokenRejection.WRONG_AUDIENCE);
  }

  @Test
  void lifetimeOverMaximum_isRejectedEvenThoughUnexpired() {
    Instant now = clock.instant();
    String token = issuer.es256(issuer.claims().expirationTime(Date.from(now.plus(Duration.ofMinutes(16)))).build());
    Rejected r = assertRejected(token, TokenRejection.LIFETIME_TOO_LONG);
    assertThat(r.message()).isEqualTo("exp - iat: PT16M (expected: <= PT15M)");
  }

  @Test
  void unknownKid_isRejected() {
    String token = issuer.es256WithKid(issuer.claims().build(), "nobody");
    assertRejected(token, TokenRejection.UNKNOWN_KEY);
  }

  @Test
  void payloadTamperedAfterSigning_isRejected() {
    String token = issuer.es256(issuer.claims().build());
    String[] parts = token.split("\\.");
    String forged = TestIssuer.b64(issuer.claims().subject("admin").build().toString());
    assertRejected(parts[0] + "." + forged + "." + parts[2], TokenRejection.BAD_SIGNATURE);
  }

  @Test
  void signatureFromAnotherKeyWithSameKid_isRejected() {
    TestIssuer impostor = TestIssuer.withFreshKeys(clock); // same kid "ec-1", different key
    assertRejected(impostor.es256(issuer.claims().build()), TokenRejection.BAD_SIGNATURE);
  }

  @Test
  void truncatedSignature_isRejected() {
    String token = issuer.es256(issuer.claims().build());
    String shortSig = Base64URL.encode(new byte[10]).toString();
    assertRejected(token.substring(0, token.lastIndexOf('.') + 1) + shortSig, TokenRejection.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sub", "jti", "sid", "exp", "iat"})
  void missingRequiredClaim_isRejected(String claim) {
    JWTClaimsSet claims = issuer.claims().claim(claim, null).build();
    Rejected r = assertRejected(issuer.es256(claims), TokenRejection.MISSING_CLAIM);
    assertThat(r.message()).startsWith(claim + ": missing");
  }

  @Test
  void missingAgent_isRejected() {
    assertRejected(issuer.es256(issuer.claims().claim("client_id", null).build()), TokenRejection.MISSING_CLAIM);
  }

  @Test
  void actWithoutSub_isMalformed() {
    JWTClaimsSet claims = issuer.claims().claim("act", java.util.Map.of("iss", "x")).build();
    assertRejected(issuer.es256(claims), TokenRejection.MALFORMED);
  }

  @Test
  void sidOfWrongType_isMalformed() {
    assertRejected(issuer.es256(issuer.claims().claim("sid", 42).build()), TokenRejection.MALFORMED);
  }

  private Rejected assertRejected(String token, TokenRejection reason) {
    Verification v = verifier.verify(token);
    assertThat(v).isInstanceOf(Rejected.class);
    Rejected r = (Rejected) v;
    assertThat(r.reason()).as(r.message()).isEqualTo(reason);
    assertThat(r.code()).isEqualTo(reason.name().toLowerCase(java.util.Locale.ROOT));
    return r;
  }
}
