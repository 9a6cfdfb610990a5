package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.audit.AuditQuery;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.RecordingUpstream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A JSON number beyond double range (1e309) has no RFC 8785 canonical form, which the audit
 * digest, the action token and approvals all need. Found by the red-team suite: such an argument
 * used to escape as HTTP 500 (the denial's audit digest threw), unaudited and uncounted. It is an
 * invalid argument like any other: refused, audited, counted, and never forwarded.
 */
class OutOfRangeNumbersTest {
  private RecordingUpstream upstream;
  private BrokerUnderTest broker;

  @BeforeEach
  void start() throws Exception {
    upstream = new RecordingUpstream();
    String catalog = """
        upstreams:
          rec: {url: "${URL}"}
        tools:
          - {name: pay, upstream: rec, upstreamTool: echo, tier: money, pin: "%s", inputSchema: %s}
          - {name: count, upstream: rec, upstreamTool: hidden, tier: money, pin: "%s",
             inputSchema: {type: object, properties: {n: {type: number}}}}
        """.formatted(BrokerUnderTest.livePin(upstream.url(), "echo"), RecordingUpstream.ECHO_SCHEMA,
        BrokerUnderTest.livePin(upstream.url(), "hidden"));
    broker = BrokerUnderTest.start(catalog, BrokerUnderTest.env("URL", upstream.url().toString()));
  }

  @AfterEach
  void stop() throws Exception {
    broker.close();
    upstream.close();
  }

  private JsonNode call(McpHttp client, String session, String tool, String arguments) throws Exception {
    McpHttp.Answer a = client.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool + "\",\"arguments\":" + arguments + "}}");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.last().path("result");
  }

  private List<JsonNode> denials() throws Exception {
    broker.broker().audit().checkpoint().get(10, TimeUnit.SECONDS);
    try (Stream<JsonNode> all = AuditQuery.run(broker.auditDir(), AuditQuery.Filter.ALL)) {
      return all.filter(e -> "deny".equals(e.path("decision").asText())).toList();
    }
  }

  @Test
  void numberBeyondDoubleRange_failingTheSchema_isRefusedAuditedAndCounted() throws Exception {
    McpHttp client = broker.client();
    String session = client.initialize("2025-11-25");

    JsonNode result = call(client, session, "pay", "{\"text\":1e309}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.path("_meta").path("dev.mcpbroker/reason").asText()).isEqualTo("invalid_arguments");
    assertThat(denials()).singleElement().satisfies(e -> {
      assertThat(e.path("reason").asText()).isEqualTo("invalid_arguments");
      assertThat(e.path("details").path("arguments_text_sha256").asText()).hasSize(64);
    });
    assertThat(broker.broker().metrics().denials("pay", "invalid_arguments")).isEqualTo(1.0);
    assertThat(upstream.calls()).isZero();
  }

  @Test
  void numberBeyondDoubleRange_passingTheSchema_isRefusedBeforeAnyTokenIsMinted() throws Exception {
    McpHttp client = broker.client();
    String session = client.initialize("2025-11-25");

    JsonNode result = call(client, session, "count", "{\"n\":1e309}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.path("content").get(0).path("text").asText()).contains("arguments of count: a number out of range");
    assertThat(denials()).extracting(e -> e.path("reason").asText()).containsExactly("invalid_arguments");
    assertThat(broker.broker().metrics().denials("count", "invalid_arguments")).isEqualTo(1.0);
    assertThat(upstream.calls()).isZero();
  }
}
