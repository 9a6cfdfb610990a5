package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.audit.AuditQuery;
import dev.mcpbroker.cli.Cli;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.RecordingUpstream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every decision reaches the hash-chained audit log: allows with the final arguments and the
 * action token's id, upstream outcomes, denials with their reason, refused authentications; the
 * log verifies offline; and a state-changing call is refused when its decision cannot be written.
 */
class AuditTrailTest {
  private RecordingUpstream upstream;
  private BrokerUnderTest broker;

  @BeforeEach
  void start() throws Exception {
    upstream = new RecordingUpstream();
    String catalog = """
        upstreams:
          rec: {url: "${URL}", callTimeout: 1s}
        tools:
          - {name: pay, upstream: rec, upstreamTool: echo, tier: money, pin: "%s", inputSchema: %s}
          - {name: sleepy, upstream: rec, tier: read, pin: "%s", inputSchema: {type: object, properties: {}}}
        """.formatted(BrokerUnderTest.livePin(upstream.url(), "echo"), RecordingUpstream.ECHO_SCHEMA,
        BrokerUnderTest.livePin(upstream.url(), "sleepy"));
    broker = BrokerUnderTest.start(catalog, BrokerUnderTest.env("URL", upstream.url().toString()));
  }

  @AfterEach
  void stop() throws Exception {
    broker.close();
    upstream.close();
  }

  private Path auditDir() {
    return broker.auditDir();
  }

  private List<JsonNode> entries() throws java.io.IOException {
    try (Stream<JsonNode> all = AuditQuery.run(auditDir(), AuditQuery.Filter.ALL)) {
      return all.toList();
    }
  }

  @Test
  void nestedActorsOfTheSessionToken_areAuditedAsHistory_theOutermostActorIsTheAgent() throws Exception {
    var forge = dev.mcpbroker.testing.TokenForge.of(broker);
    String token = forge.sign(forge.claims("some-client", "customer-42")
        .claim("act", java.util.Map.of("sub", "refund-agent", "act", java.util.Map.of("sub", "planner-agent",
            "act", java.util.Map.of("sub", "orchestrator"))))
        .build());
    McpHttp client = broker.client(token);
    String session = client.initialize("2025-11-25");
    assertThat(client.callTool(session, 1, "pay", "{\"text\":\"1.00\"}").path("result").path("isError").asBoolean()).isFalse();
    broker.broker().audit().checkpoint().get(10, TimeUnit.SECONDS);

    JsonNode allow = entries().stream().filter(e -> "allow".equals(e.path("decision").asText())).findFirst().orElseThrow();
    assertThat(allow.path("principal").path("agent").asText()).isEqualTo("refund-agent");
    assertThat(allow.path("principal").path("actor_history").toString()).isEqualTo("[\"planner-agent\",\"orchestrator\"]");
  }

  @Test
  void everyDecisionIsRecorded_andTheLogVerifiesOffline() throws Exception {
    McpHttp client = broker.client(broker.token("refund-agent", "customer-42"));
    String session = client.initialize("2025-11-25");
    assertThat(client.callTool(session, 1, "pay", "{\"text\":\"10.00\"}").path("result").path("isError").asBoolean()).isFalse();
    client.callTool(session, 2, "pay", "{\"text\":\"10.00\",\"role\":\"admin\"}");
    client.callTool(session, 3, "drop_tables", "{}");
    broker.client("forged").post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
    broker.broker().audit().checkpoint().get(10, TimeUnit.SECONDS);

    List<JsonNode> log = entries();
    JsonNode allow = log.stream().filter(e -> "allow".equals(e.path("decision").asText())).findFirst().orElseThrow();
    assertThat(allow.path("tool").asText()).isEqualTo("pay");
    assertThat(allow.path("principal").path("agent").asText()).isEqualTo("refund-agent");
    assertThat(allow.path("principal").path("subject").asText()).isEqualTo("customer-42");
    assertThat(allow.path("arguments").path("text").asText()).isEqualTo("10.00");
    assertThat(allow.path("action_token_id").asText("")).isNotEmpty();
    assertThat(log).anySatisfy(e -> {
      assertThat(e.path("type").asText()).isEqualTo("upstream_outcome");
      assertThat(e.path("action_token_id")).isEqualTo(allow.path("action_token_id"));
    });
    assertThat(log).extracting(e -> e.path("decision").asText() + ":" + e.path("reason").asText())
        .contains("deny:invalid_arguments", "deny:unknown_tool", "deny:authentication:malformed");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Cli.run(new String[] {"audit", "verify", auditDir().toString(), "--key", broker.auditPublicKey().toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK");
  }

  @Test
  void revocations_areAudited() throws Exception {
    broker.broker().identity().revocations().revokeAgent("rogue-agent");
    broker.broker().identity().revocations().revokeToken("jti-123");
    broker.broker().audit().checkpoint().get(10, TimeUnit.SECONDS);
    assertThat(entries()).filteredOn(e -> e.path("type").asText().equals("revocation"))
        .extracting(e -> e.path("details").path("kind").asText() + ":" + e.path("details").path("id").asText())
        .containsExactly("agent:rogue-agent", "token:jti-123");
  }

  @Test
  void unwritableAuditLog_refusesStateChangingCalls_butNotReads() throws Exception {
    McpHttp client = broker.client();
    String session = client.initialize("2025-11-25");
    assertThat(broker.broker().ready()).isTrue();
    broker.broker().audit().close(); // from now on every append fails, as on a full or lost disk
    int before = upstream.calls();

    JsonNode pay = client.callTool(session, 1, "pay", "{\"text\":\"10.00\"}");
    assertThat(broker.broker().ready()).as("not ready while the audit log cannot be written").isFalse();
    assertThat(pay.path("result").path("isError").asBoolean()).isTrue();
    assertThat(pay.path("result").path("_meta").path("dev.mcpbroker/reason").asText()).isEqualTo("audit_unavailable");
    assertThat(upstream.calls()).isEqualTo(before);

    client.callTool(session, 2, "sleepy", "{}");
    assertThat(upstream.calls()).as("a read still goes through").isEqualTo(before + 1);
  }
}
