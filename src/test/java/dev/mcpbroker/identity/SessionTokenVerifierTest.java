package dev.mcpbroker.identity;

import dev.mcpbroker.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.mcpbroker.identity.Verification.Rejected;
import dev.mcpbroker.identity.Verification.Verified;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Good session tokens: every allowed algorithm, the principal's fields, caching and revocation. */
class SessionTokenVerifierTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final TestIssuer issuer = new TestIssuer(clock);
  private final Revocations revocations = new Revocations();
  private Path jwks;
  private SessionTokenVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    jwks = issuer.writeJwks(dir);
    verifier = new SessionTokenVerifier(issuer.settings(jwks), revocations, clock);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES256", "RS256", "EdDSA"})
  void allowedAlgorithm_verifies(String alg) {
    String token = issuer.sign(JWSAlgorithm.parse(alg), issuer.claims().jwtID("t-" + alg).build());
    Principal p = verified(token);
    assertThat(p.agent()).isEqualTo("refund-agent");
    assertThat(p.subject()).isEqualTo("customer-42");
    assertThat(p.sessionId()).isEqualTo("session-1");
    assertThat(p.tokenId()).isEqualTo("t-" + alg);
    assertThat(p.scopes()).containsExactlyInAnyOrder("orders:read", "orders:refund");
    assertThat(p.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void actSub_isTheAgent_andNestedActIsHistory() {
    Map<String, Object> act = Map.of("sub", "refund-agent",
        "act", Map.of("sub", "planner-agent", "act", Map.of("sub", "orchestrator")));
    Principal p = verified(issuer.es256(issuer.claims().claim("client_id", "some-client").claim("act", act).build()));
    assertThat(p.agent()).isEqualTo("refund-agent");
    assertThat(p.actorHistory()).containsExactly("planner-agent", "orchestrator");
  }

  @Test
  void scpArrayAndEntitlements_goIntoThePrincipal() {
    Principal p = verified(issuer.es256(issuer.claims().claim("scope", null)
        .claim("scp", List.of("a", "b")).claim("entitlements", Map.of("refund_limit", 500)).build()));
    assertThat(p.scopes()).containsExactlyInAnyOrder("a", "b");
    assertThat(p.entitlements()).containsEntry("refund_limit", 500L);
  }

  @Test
  void missingRequiredScope_isRejected() {
    SessionTokenSettings s = issuer.settings(jwks);
    SessionTokenSettings strict = new SessionTokenSettings(s.issuer(), s.audience(), null, null,
        Set.of("orders:admin"), s.jwksFile(), null, null, null);
    Verification v = new SessionTokenVerifier(strict, revocations, clock).verify(issuer.es256(issuer.claims().build()));
    assertThat(v).isInstanceOfSatisfying(Rejected.class,
        r -> assertThat(r.reason()).isEqualTo(TokenRejection.INSUFFICIENT_SCOPE));
  }

  @Test
  void secondVerify_isServedFromTheCache() {
    String token = issuer.es256(issuer.claims().build());
    assertThat(verified(token)).isSameAs(verified(token));
    assertThat(verifier.verifyUncached(token)).isInstanceOfSatisfying(Verified.class,
        v -> assertThat(v.principal()).isNotSameAs(verified(token)));
  }

  @Test
  void verifyCached_knowsOnlyTokensVerifiedBefore_andStillChecksRevocation() {
    String token = issuer.es256(issuer.claims().jwtID("jti-8").build());
    assertThat(verifier.verifyCached(token)).as("never verified: only verify can tell").isNull();
    assertThat(verifier.verifyCached(issuer.es256(issuer.claims().build()))).isNull();
    Principal p = verified(token);
    assertThat(verifier.verifyCached(token)).isInstanceOfSatisfying(Verified.class,
        v -> assertThat(v.principal()).isSameAs(p));
    revocations.revokeToken("jti-8");
    assertThat(verifier.verifyCached(token)).isInstanceOfSatisfying(Rejected.class,
        r -> assertThat(r.reason()).isEqualTo(TokenRejection.REVOKED));
  }

  @Test
  void verifyCached_refusesWhatNeedsNoKey() {
    assertThat(verifier.verifyCached(" ")).isInstanceOfSatisfying(Rejected.class,
        r -> assertThat(r.reason()).isEqualTo(TokenRejection.MALFORMED));
    assertThat(verifier.verifyCached("a".repeat(CompactJws.MAX_CHARS + 1))).isInstanceOfSatisfying(Rejected.class,
        r -> assertThat(r.reason()).isEqualTo(TokenRejection.MALFORMED));
  }

  @Test
  void cachedToken_isStillRejectedOnceExpired() {
    String token = issuer.es256(issuer.claims().build());
    verified(token);
    clock.advance(Duration.ofMinutes(6));
    assertRejected(token, TokenRejection.EXPIRED);
  }

  @Test
  void revokedToken_isRejected_evenAfterACacheHit() {
    String token = issuer.es256(issuer.claims().jwtID("jti-7").build());
    verified(token);
    revocations.revokeToken("jti-7");
    assertRejected(token, TokenRejection.REVOKED);
  }

  @Test
  void revokedSession_isRejected_evenAfterACacheHit() {
    String token = issuer.es256(issuer.claims().build());
    verified(token);
    revocations.revokeSession("session-1");
    assertThat(assertRejected(token, TokenRejection.REVOKED).message()).isEqualTo("sid: \"session-1\" (revoked)");
  }

  @Test
  void revokedAgent_isRejected_forFreshAndCachedTokens() {
    String cached = issuer.es256(issuer.claims().build());
    verified(cached);
    revocations.revokeAgent("refund-agent");
    assertRejected(cached, TokenRejection.REVOKED);
    assertRejected(issuer.es256(issuer.claims().jwtID("fresh").build()), TokenRejection.REVOKED);
    assertThat(verified(issuer.es256(issuer.claims().claim("client_id", "other-agent").build())).agent())
        .isEqualTo("other-agent");
  }

  private Principal verified(String token) {
    Verification v = verifier.verify(token);
    assertThat(v).as(String.valueOf(v)).isInstanceOf(Verified.class);
    return ((Verified) v).principal();
  }

  private Rejected assertRejected(String token, TokenRejection reason) {
    Verification v = verifier.verify(token);
    assertThat(v).isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).as(r.message()).isEqualTo(reason));
    return (Rejected) v;
  }
}
