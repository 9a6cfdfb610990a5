package dev.mcpbroker.identity;

import dev.mcpbroker.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpbroker.identity.ActionVerification.Accepted;
import dev.mcpbroker.identity.ActionVerification.Refused;
import dev.mcpbroker.json.CanonicalJson;
import dev.mcpbroker.json.Json;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Action tokens from mint to backend: exactly one call, by this broker, for this backend, once. */
class ActionTokenTest {
  private static final String BROKER = "https://broker.example";
  private static final URI ORDERS = URI.create("https://orders.internal/mcp");

  private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final SigningKeys keys = new SigningKeys(Duration.ofMinutes(1), clock);
  private final ActionTokenMinter minter = new ActionTokenMinter(BROKER, keys, clock);
  private final Principal principal = new Principal("refund-agent", "customer-42", List.of("planner"),
      Set.of("orders:refund"), Map.of(), "sid-1", "jti-1", clock.instant().plusSeconds(300));
  private final JsonNode args = json("{\"order\":\"A-1\",\"amount\":120}");

  @Test
  void validToken_isAcceptedOnce_thenRefusedAsReplayed() {
    ActionToken token = minter.mint(principal, ORDERS, "refund_order", args);
    ActionTokenVerifier backend = verifier(ORDERS);

    assertThat(backend.verifyFor(token.jwt(), "refund_order", args))
        .isEqualTo(new Accepted("customer-42", "refund-agent", token.jti()));
    assertRefused(backend.verifyFor(token.jwt(), "refund_order", args), ActionRefusal.REPLAYED);
  }

  @Test
  void sameArgumentsInAnotherKeyOrder_match() {
    ActionToken token = minter.mint(principal, ORDERS, "refund_order", args);
    assertThat(verifier(ORDERS).verifyFor(token.jwt(), "refund_order", json("{\"amount\":120,\"order\":\"A-1\"}")))
        .isInstanceOf(Accepted.class);
  }

  @Test
  void differentArguments_areRefused_andDoNotUseTheTokenUp() {
    ActionToken token = minter.mint(principal, ORDERS, "refund_order", args);
    ActionTokenVerifier backend = verifier(ORDERS);
    assertRefused(backend.verifyFor(token.jwt(), "refund_order", json("{\"order\":\"A-1\",\"amount\":9000}")),
        ActionRefusal.DIGEST_MISMATCH);
    assertThat(backend.verifyFor(token.jwt(), "refund_order", args)).isInstanceOf(Accepted.class);
  }

  @Test
  void otherTool_isRefused() {
    ActionToken token = minter.mint(principal, ORDERS, "get_order", args);
    assertRefused(verifier(ORDERS).verifyFor(token.jwt(), "refund_order", args), ActionRefusal.TOOL_MISMATCH);
  }

  @Test
  void otherAudience_isRefused() {
    ActionToken token = minter.mint(principal, URI.create("https://billing.internal/mcp"), "refund_order", args);
    assertRefused(verifier(ORDERS).verifyFor(token.jwt(), "refund_order", args), ActionRefusal.WRONG_AUDIENCE);
  }

  @Test
  void expiredToken_isRefused() {
    ActionToken token = minter.mint(principal, ORDERS, "refund_order", args, Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(16)); // 10 s of life + 5 s skew
    assertRefused(verifier(ORDERS).verifyFor(token.jwt(), "refund_order", args), ActionRefusal.EXPIRED);
  }

  @Test
  void sessionTokenOrOtherTypedJwt_isRefused() {
    ActionToken token = minter.mint(principal, ORDERS, "refund_order", args);
    String[] parts = token.jwt().split("\\.");
    String untyped = TestIssuer.b64("{\"alg\":\"ES256\",\"kid\":\"x\"}") + "." + parts[1] + "." + parts[2];
    assertRefused(verifier(ORDERS).verifyFor(untyped, "refund_order", args), ActionRefusal.MALFORMED);
  }

  @Test
  void algNoneAndGarbage_areRefused() {
    assertRefused(verifier(ORDERS).verifyFor(TestIssuer.unsigned(new com.nimbusds.jwt.JWTClaimsSet.Builder().build()),
        "refund_order", args), ActionRefusal.ALG_NOT_ALLOWED);
    assertRefused(verifier(ORDERS).verifyFor("not-a-token", "refund_order", args), ActionRefusal.MALFORMED);
    assertRefused(verifier(ORDERS).verifyFor(null, "refund_order", args), ActionRefusal.MALFORMED);
  }

  @Test
  void tokenSignedByAnotherBroker_isRefused() {
    SigningKeys impostor = new SigningKeys(Duration.ofMinutes(1), clock);
    ActionToken token = new ActionTokenMinter(BROKER, impostor, clock).mint(principal, ORDERS, "refund_order", args);
    assertRefused(verifier(ORDERS).verifyFor(token.jwt(), "refund_order", args), ActionRefusal.UNKNOWN_KEY);
  }

  @Test
  void claims_carryTheActorChainAndTheArgumentDigest() throws Exception {
    SignedJWT jwt = SignedJWT.parse(minter.mint(principal, ORDERS, "refund_order", args).jwt());
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("mcp-action+jwt");
    assertThat(jwt.getJWTClaimsSet().getJSONObjectClaim("act"))
        .isEqualTo(Map.of("sub", "refund-agent", "act", Map.of("sub", "planner")));
    assertThat(jwt.getJWTClaimsSet().getClaim("authorization_details")).isEqualTo(List.of(Map.of(
        "type", "mcp_tool_call", "tool", "refund_order", "arguments_sha256", CanonicalJson.sha256Hex(args))));
  }

  @Test
  void rotatedKey_stillVerifiesOlderTokens_untilTheyHaveExpired() {
    ActionToken old = minter.mint(principal, ORDERS, "refund_order", args, Duration.ofMinutes(1));
    keys.rotate();
    ActionToken fresh = minter.mint(principal, ORDERS, "refund_order", args);
    assertThat(kid(fresh)).isNotEqualTo(kid(old));

    assertThat(verifier(ORDERS).verifyFor(old.jwt(), "refund_order", args)).isInstanceOf(Accepted.class);
    assertThat(verifier(ORDERS).verifyFor(fresh.jwt(), "refund_order", args)).isInstanceOf(Accepted.class);

    // the old token expired a minute in, but a backend accepts it for the clock skew after that,
    // so its key is still published then
    clock.advance(Duration.ofMinutes(1).plus(ActionTokenVerifier.DEFAULT_CLOCK_SKEW).minusSeconds(1));
    assertThat(verifier(ORDERS).verifyFor(old.jwt(), "refund_order", args)).isInstanceOf(Accepted.class);

    clock.advance(Duration.ofSeconds(1)); // retention and skew over: the old key is no longer published
    assertThat(keys.publicJwkSet().getKeyByKeyId(kid(old))).isNull();
    assertThat(keys.publicJwkSet().getKeyByKeyId(kid(fresh))).isNotNull();
  }

  @Test
  void nextKey_isPublishedBeforeItSigns() {
    Set<String> before = Set.copyOf(keys.publicJwkSet().getKeys().stream().map(k -> k.getKeyID()).toList());
    keys.rotate();
    assertThat(before).contains(kid(minter.mint(principal, ORDERS, "refund_order", args)));
  }

  @Test
  void ttlBeyondKeyRetention_isRefused() {
    assertThatThrownBy(() -> minter.mint(principal, ORDERS, "refund_order", args, Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private ActionTokenVerifier verifier(URI audience) {
    JWKSet published = keys.publicJwkSet();
    return new ActionTokenVerifier(JwksLoader.fixed(published), "test", BROKER, audience, clock);
  }

  private static String kid(ActionToken token) {
    try {
      return SignedJWT.parse(token.jwt()).getHeader().getKeyID();
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertRefused(ActionVerification v, ActionRefusal reason) {
    assertThat(v).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).as(r.message()).isEqualTo(reason));
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
