package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.TokenForge;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attacks on client authentication, over real HTTP: every forged, stale or misdirected session
 * token is refused with 401 and the right challenge, on initialize and on a live session alike,
 * and no tool call reaches the upstream.
 */
class AuthenticationAttacksTest {
  private static RecordingBroker env;
  private static TokenForge forge;
  private int callsBefore;

  @BeforeAll
  static void start() throws Exception {
    env = RecordingBroker.start();
    forge = TokenForge.of(env.broker);
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  @BeforeEach
  void count() {
    callsBefore = env.upstream.calls();
  }

  private static Date at(Duration fromNow) {
    return Date.from(Instant.now().plus(fromNow));
  }

  static Stream<Arguments> forgedTokens() throws Exception {
    JWTClaimsSet good = forge.claims("agent-x", "customer-1").build();
    return Stream.of(
        Arguments.of("garbage", "not-a-jwt"),
        Arguments.of("alg none", TokenForge.unsigned(good)),
        Arguments.of("HS256 signed with the public key", forge.hs256WithPublicKey(good)),
        Arguments.of("expired", forge.sign(forge.claims("agent-x", "customer-1")
            .issueTime(at(Duration.ofMinutes(-10))).expirationTime(at(Duration.ofMinutes(-5))).build())),
        Arguments.of("not yet valid", forge.sign(forge.claims("agent-x", "customer-1")
            .notBeforeTime(at(Duration.ofMinutes(5))).build())),
        Arguments.of("wrong issuer", forge.sign(forge.claims("agent-x", "customer-1").issuer("https://evil.example").build())),
        Arguments.of("wrong audience", forge.sign(forge.claims("agent-x", "customer-1")
            .audience("http://127.0.0.1:1/other").build())),
        Arguments.of("lifetime over the maximum", forge.sign(forge.claims("agent-x", "customer-1")
            .expirationTime(at(Duration.ofMinutes(16))).build())),
        Arguments.of("unknown kid", forge.signWithKid(good, "kid-nobody-published")),
        Arguments.of("impostor key with the issuer's kid", forge.signWithImpostorKey(good)),
        Arguments.of("payload tampered after signing", TokenForge.tamper(forge.sign(good),
            forge.claims("agent-x", "customer-2").build())),
        Arguments.of("no subject", forge.sign(new JWTClaimsSet.Builder(good).subject(null).build())),
        Arguments.of("no agent identity", forge.sign(new JWTClaimsSet.Builder(good).claim("client_id", null).build())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forgedTokens")
  void forgedToken_isRefused_onInitializeAndOnALiveSession(String attack, String token) throws Exception {
    McpHttp attacker = env.broker.client(token);
    double deniedBefore = authenticationDenials();
    var init = attacker.post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}");
    assertThat(init.status()).as(attack).isEqualTo(401);
    assertThat(init.header("WWW-Authenticate")).as(attack).startsWith("Bearer ")
        .contains("error=\"invalid_token\"").contains("resource_metadata=\"");
    assertThat(init.header("Mcp-Session-Id")).isNull();

    String live = env.broker.client().initialize("2025-11-25");
    var call = attacker.post(live, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
        + "\"arguments\":{\"text\":\"x\"}}}");
    assertThat(call.status()).as(attack).isEqualTo(401);
    assertThat(env.upstream.calls()).as(attack).isEqualTo(callsBefore);
    // both refusals counted as denials with no tool label (SREs see the spike)
    assertThat(authenticationDenials()).as(attack).isEqualTo(deniedBefore + 2);
  }

  private double authenticationDenials() {
    var registry = env.broker.broker().metrics().registry();
    return registry.find("mcp.broker.denials").tag("tool", "none").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
  }

  @Test
  void noToken_gets401_withTheMetadataPointer_andTheMetadataIsPublished() throws Exception {
    McpHttp anonymous = env.broker.client(null);
    var a = anonymous.post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
    assertThat(a.status()).isEqualTo(401);
    String challenge = a.header("WWW-Authenticate");
    assertThat(challenge).startsWith("Bearer resource_metadata=\"").doesNotContain("error=");
    String metadataUrl = challenge.substring(challenge.indexOf('"') + 1, challenge.lastIndexOf('"'));
    assertThat(metadataUrl).endsWith("/.well-known/oauth-protected-resource/mcp");

    // a tool call without a token, on a session whose id the caller learned, reaches nothing
    String live = env.broker.client().initialize("2025-11-25");
    var call = anonymous.post(live, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
        + "\"arguments\":{\"text\":\"x\"}}}");
    assertThat(call.status()).isEqualTo(401);
    assertThat(call.header("WWW-Authenticate")).isEqualTo(challenge);
    assertThat(env.upstream.calls()).isEqualTo(callsBefore);

    JsonNode metadata = new McpHttp(java.net.URI.create(metadataUrl), null).send("GET", null, Map.of()).last();
    assertThat(metadata.path("resource").asText()).isEqualTo(env.broker.url().toString());
    assertThat(metadata.path("authorization_servers")).isNotEmpty();
    assertThat(metadata.path("bearer_methods_supported").get(0).asText()).isEqualTo("header");
    JsonNode root = new McpHttp(env.broker.url().resolve("/.well-known/oauth-protected-resource"), null)
        .send("GET", null, Map.of()).last();
    assertThat(root).isEqualTo(metadata);
    JsonNode jwks = new McpHttp(env.broker.url().resolve("/.well-known/jwks.json"), null).send("GET", null, Map.of()).last();
    assertThat(jwks.path("keys")).isNotEmpty();
    assertThat(jwks.path("keys").get(0).has("d")).as("no private key material").isFalse();
  }

  @Test
  void tokenInTheQueryString_isRefused() throws Exception {
    McpHttp viaQuery = new McpHttp(java.net.URI.create(env.broker.url() + "?access_token="
        + env.broker.token("agent-x", "customer-1")), null);
    var a = viaQuery.post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body()).contains("access_token");

    // nor does a tool call on a live session of that very principal carry it to the upstream
    String live = env.broker.client(env.broker.token("agent-x", "customer-1")).initialize("2025-11-25");
    var call = viaQuery.post(live, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
        + "\"arguments\":{\"text\":\"x\"}}}");
    assertThat(call.status()).isEqualTo(400);
    assertThat(env.upstream.calls()).isEqualTo(callsBefore);
  }

  @Test
  void revokedToken_session_andAgent_areRefusedOnTheirNextRequest() throws Exception {
    var revocations = env.broker.broker().identity().revocations();
    String[] kinds = {"token", "session", "agent"};
    for (String kind : kinds) {
      JWTClaimsSet claims = forge.claims("agent-" + kind, "customer-1").build();
      McpHttp client = env.broker.client(forge.sign(claims));
      String session = client.initialize("2025-11-25");
      assertThat(client.callTool(session, 1, "echo", "{\"text\":\"ok\"}").path("result").path("isError").asBoolean()).isFalse();
      int calls = env.upstream.calls();
      switch (kind) {
        case "token" -> revocations.revokeToken(claims.getJWTID());
        case "session" -> revocations.revokeSession((String) claims.getClaim("sid"));
        default -> revocations.revokeAgent("agent-agent");
      }
      var refused = client.post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
          + "\"arguments\":{\"text\":\"again\"}}}");
      assertThat(refused.status()).as(kind).isEqualTo(401);
      assertThat(refused.header("WWW-Authenticate")).as(kind).contains("revoked");
      assertThat(env.upstream.calls()).as(kind).isEqualTo(calls);
    }
  }

  @Test
  void sessionIdPresentedWithAnotherPrincipalsToken_isAnsweredLikeAnUnknownSession() throws Exception {
    String victim = env.broker.client().initialize("2025-11-25");
    McpHttp thief = env.broker.client(env.broker.token("thief-agent", "customer-666"));
    double hijacksBefore = env.broker.broker().metrics().denials("none", "session_hijack");
    var a = thief.post(victim, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
        + "\"arguments\":{\"text\":\"mine now\"}}}");
    assertThat(a.status()).isEqualTo(404);
    Map<String, String> headers = new HashMap<>();
    headers.put("Mcp-Session-Id", victim);
    assertThat(thief.send("DELETE", null, headers).status()).isEqualTo(404);
    assertThat(env.upstream.calls()).isEqualTo(callsBefore);
    // the victim's session is untouched
    assertThat(env.broker.client().post(victim, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}").status()).isEqualTo(200);
    // answered like an unknown session, but an operator sees the attempt: counted and audited
    assertThat(env.broker.broker().metrics().denials("none", "session_hijack")).isEqualTo(hijacksBefore + 2);
    env.broker.broker().audit().checkpoint().get(10, java.util.concurrent.TimeUnit.SECONDS);
    try (var entries = dev.mcpbroker.audit.AuditQuery.run(env.broker.auditDir(), dev.mcpbroker.audit.AuditQuery.Filter.ALL)) {
      assertThat(entries.filter(e -> e.path("reason").asText().equals("authentication:session_hijack")).toList())
          .hasSize(2)
          .allSatisfy(e -> {
            assertThat(e.path("principal").path("agent").asText()).isEqualTo("thief-agent");
            assertThat(e.path("principal").path("subject").asText()).isEqualTo("customer-666");
            assertThat(e.path("session").asText()).isEqualTo(victim);
          });
    }
  }
}
