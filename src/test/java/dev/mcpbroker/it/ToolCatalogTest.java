package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.testing.McpHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks the catalog's enforcement end to end: only declared tools are listed and callable,
 * arguments failing the schema never reach the upstream, and a slow upstream turns into a tool
 * error within its deadline, a dead one into a tool error at once.
 */
class ToolCatalogTest {
  private static RecordingBroker env;
  private McpHttp http;
  private String session;

  @BeforeAll
  static void start() throws Exception {
    env = RecordingBroker.start();
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  @BeforeEach
  void open() throws Exception {
    http = env.broker.client();
    session = http.initialize("2025-11-25");
  }

  @Test
  void toolsList_showsOnlyDeclaredTools_withTheEnforcedSchema() throws Exception {
    JsonNode tools = http.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").last()
        .path("result").path("tools");
    List<String> names = new ArrayList<>();
    tools.forEach(t -> names.add(t.path("name").asText()));
    assertThat(names).containsExactly("echo", "sleepy");
    assertThat(tools.get(0).path("inputSchema").path("properties").path("text").path("maxLength").asInt()).isEqualTo(20);
  }

  @Test
  void renamedTool_isListedAndCalledUnderItsPublicNameOnly() throws Exception {
    try (var upstream = new dev.mcpbroker.testing.RecordingUpstream();
        var renamed = dev.mcpbroker.testing.BrokerUnderTest.start("""
            upstreams:
              rec: {url: "${URL}"}
            tools:
              - {name: say, upstream: rec, upstreamTool: echo, tier: read, pin: "%s", inputSchema: %s}
            """.formatted(dev.mcpbroker.testing.BrokerUnderTest.livePin(upstream.url(), "echo"),
                dev.mcpbroker.testing.RecordingUpstream.ECHO_SCHEMA),
            dev.mcpbroker.testing.BrokerUnderTest.env("URL", upstream.url().toString()))) {
      McpHttp client = renamed.client();
      String s = client.initialize("2025-11-25");
      JsonNode tools = client.post(s, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").last()
          .path("result").path("tools");
      assertThat(tools).extracting(t -> t.path("name").asText()).containsExactly("say");
      assertThat(client.callTool(s, 2, "say", "{\"text\":\"hi\"}").path("result").path("content").get(0).path("text").asText())
          .isEqualTo("echo: hi");
      assertThat(client.callTool(s, 3, "echo", "{\"text\":\"hi\"}").path("error").path("code").asInt()).isEqualTo(-32602);
      assertThat(upstream.calls()).isEqualTo(1);
    }
  }

  @Test
  void declaredTool_isForwarded() throws Exception {
    int before = env.upstream.calls();
    JsonNode response = http.callTool(session, 2, "echo", "{\"text\":\"hello\"}");
    assertThat(response.path("result").path("content").get(0).path("text").asText()).isEqualTo("echo: hello");
    assertThat(env.upstream.calls()).isEqualTo(before + 1);
  }

  @Test
  void undeclaredUpstreamTool_isUnknown_andNotForwarded() throws Exception {
    int before = env.upstream.calls();
    JsonNode response = http.callTool(session, 3, "hidden", "{}");
    assertThat(response.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(response.path("error").path("message").asText()).contains("hidden");
    assertThat(env.upstream.calls()).isEqualTo(before);
  }

  @Test
  void schemaViolations_areRefusedBeforeTheUpstream_namingTheField() throws Exception {
    int before = env.upstream.calls();
    String[][] cases = {
        {"{\"text\":\"hi\",\"role\":\"admin\"}", "role: unknown field"},
        {"{\"text\":\"" + "a".repeat(21) + "\"}", "text: "},
        {"{\"text\":{\"nested\":\"object\"}}", "text: an object (expected: string)"},
        {"{}", "text: required"},
    };
    int id = 10;
    for (String[] c : cases) {
      JsonNode response = http.callTool(session, id++, "echo", c[0]);
      assertThat(response.path("result").path("isError").asBoolean()).as(c[0]).isTrue();
      assertThat(response.path("result").path("content").get(0).path("text").asText()).as(c[0]).contains(c[1]);
      assertThat(response.path("result").path("_meta").path("dev.mcpbroker/reason").asText()).isEqualTo("invalid_arguments");
    }
    assertThat(env.upstream.calls()).isEqualTo(before);
  }

  @Test
  void slowUpstream_isAToolErrorWithinTheDeadline() throws Exception {
    long start = System.nanoTime();
    JsonNode response = http.callTool(session, 20, "sleepy", "{}");
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertThat(response.path("result").path("isError").asBoolean()).isTrue();
    assertThat(response.path("result").path("content").get(0).path("text").asText()).contains("did not answer").contains("1s");
    assertThat(response.path("result").path("_meta").path("dev.mcpbroker/reason").asText()).isEqualTo("upstream_timeout");
    // the upstream sleeps 5 s; the broker's deadline is 1 s, so the answer came from the deadline
    assertThat(seconds).isLessThan(5);
  }

  @Test
  void deadUpstream_isAToolError_notAHungRequest() throws Exception {
    try (RecordingBroker own = RecordingBroker.start()) {
      McpHttp client = own.broker.client();
      String s = client.initialize("2025-11-25");
      assertThat(client.callTool(s, 1, "echo", "{\"text\":\"alive\"}").path("result").path("isError").asBoolean())
          .isFalse();

      own.upstream.close();

      JsonNode response = client.callTool(s, 2, "echo", "{\"text\":\"anyone there?\"}");
      assertThat(response.path("result").path("isError").asBoolean()).as(response.toString()).isTrue();
      assertThat(response.path("result").path("content").get(0).path("text").asText()).startsWith("tool echo failed: ");
      assertThat(response.path("result").path("_meta").path("dev.mcpbroker/reason").asText())
          .isEqualTo("upstream_unavailable");
    }
  }
}
