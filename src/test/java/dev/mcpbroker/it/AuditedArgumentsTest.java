package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.audit.AuditQuery;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.RecordingUpstream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a live entry holds, through the whole broker: the session, the final arguments with the
 * fields the catalog marks sensitive as digests (the value itself in no log file), and the
 * upstream's outcome with its latency.
 */
class AuditedArgumentsTest {
  private RecordingUpstream upstream;
  private BrokerUnderTest broker;

  @BeforeEach
  void start() throws Exception {
    upstream = new RecordingUpstream();
    String catalog = """
        upstreams:
          rec: {url: "${URL}"}
        tools:
          - {name: store_card, upstream: rec, upstreamTool: echo, tier: write, sensitive: [text], pin: "%s", inputSchema: %s}
        """.formatted(BrokerUnderTest.livePin(upstream.url(), "echo"), RecordingUpstream.ECHO_SCHEMA);
    broker = BrokerUnderTest.start(catalog, BrokerUnderTest.env("URL", upstream.url().toString()));
  }

  @AfterEach
  void stop() throws Exception {
    broker.close();
    upstream.close();
  }

  @Test
  void sensitiveArguments_areRecordedAsDigests_withSessionAndUpstreamLatency() throws Exception {
    McpHttp client = broker.client(broker.token("refund-agent", "customer-42"));
    String session = client.initialize("2025-11-25");
    JsonNode r = client.callTool(session, 1, "store_card", "{\"text\":\"4111-1111-1111\"}");
    assertThat(r.path("result").path("isError").asBoolean()).isFalse();
    assertThat(upstream.calls()).isEqualTo(1);

    broker.broker().audit().checkpoint().get(10, TimeUnit.SECONDS);
    List<JsonNode> log;
    try (Stream<JsonNode> all = AuditQuery.run(broker.auditDir(), AuditQuery.Filter.ALL)) {
      log = all.toList();
    }
    JsonNode allow = log.stream().filter(e -> "allow".equals(e.path("decision").asText())).findFirst().orElseThrow();
    assertThat(allow.path("session").asText()).isEqualTo(session);
    // the digest of the value's RFC 8785 form: for a string, its JSON text with the quotes
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest("\"4111-1111-1111\"".getBytes(StandardCharsets.UTF_8)));
    assertThat(allow.path("arguments")).isEqualTo(Json.MAPPER.readTree("{\"text\":{\"sha256\":\"" + digest + "\"}}"));

    JsonNode outcome = log.stream().filter(e -> "upstream_outcome".equals(e.path("type").asText())).findFirst().orElseThrow();
    assertThat(outcome.path("upstream_outcome").asText()).isEqualTo("ok");
    assertThat(outcome.path("latency_ms").isIntegralNumber()).isTrue();
    assertThat(outcome.path("session").asText()).isEqualTo(session);
    assertThat(outcome.path("action_token_id")).isEqualTo(allow.path("action_token_id"));

    try (Stream<Path> files = Files.list(broker.auditDir())) {
      for (Path f : files.toList()) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain("4111-1111-1111");
      }
    }
  }
}
