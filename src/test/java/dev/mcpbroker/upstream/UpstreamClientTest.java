package dev.mcpbroker.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.transport.UpstreamHttpClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.UpstreamSpec;
import dev.mcpbroker.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Talks to a real MCP server: the MCP Java SDK's Streamable HTTP transport. */
class UpstreamClientTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final UpstreamHttp HTTP = UpstreamHttpClient.create(Duration.ofSeconds(2));
  private static SdkUpstream sdk;

  private UpstreamSession session;

  @BeforeAll
  static void startServer() throws Exception {
    sdk = new SdkUpstream();
  }

  @AfterAll
  static void stopServer() throws Exception {
    sdk.close();
  }

  @BeforeEach
  void open() throws Exception {
    UpstreamSpec spec = new UpstreamSpec("sdk", sdk.url(), null, Duration.ofSeconds(10), null, Map.of());
    ObjectNode caps = Json.NODES.objectNode();
    caps.putObject("sampling");
    session = new UpstreamClient(spec, HTTP).open("2025-11-25", caps).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    assertThat(session.close()).succeedsWithin(WAIT);
  }

  private static ObjectNode call(String tool, String text) {
    ObjectNode params = Json.NODES.objectNode().put("name", tool);
    params.putObject("arguments").put("text", text);
    return params;
  }

  @Test
  void open_negotiatesVersion_andGetsSessionAndCapabilities() {
    assertThat(session.protocolVersion()).isIn(UpstreamClient.SUPPORTED_VERSIONS);
    assertThat(session.sessionId()).isNotBlank();
    assertThat(session.serverCapabilities().has("tools")).isTrue();
    assertThat(session.initializeResult().at("/serverInfo/name").asText()).isEqualTo("sdk-fixture");
  }

  @Test
  void toolsListAndCall_returnResults() {
    UpstreamCall list = session.request("tools/list", Json.NODES.objectNode(), null);
    assertThat(list.response()).succeedsWithin(WAIT).satisfies(m ->
        assertThat(m.at("/result/tools").findValuesAsText("name"))
            .contains("echo", "slow_count", "ask_model"));

    UpstreamCall echo = session.request("tools/call", call("echo", "hello"), null);
    assertThat(echo.response()).succeedsWithin(WAIT).satisfies(m -> {
      assertThat(m.get("id").asLong()).isEqualTo(echo.id());
      assertThat(m.at("/result/content/0/text").asText()).isEqualTo("hello");
    });
  }

  @Test
  void progressNotification_reachesListenerBeforeResult() {
    ObjectNode params = call("slow_count", "x");
    params.putObject("_meta").put("progressToken", "tok-1");
    List<ObjectNode> heard = new CopyOnWriteArrayList<>();

    UpstreamCall counted = session.request("tools/call", params, heard::add);

    assertThat(counted.response()).succeedsWithin(WAIT).satisfies(m ->
        assertThat(m.at("/result/content/0/text").asText()).isEqualTo("counted"));
    assertThat(heard).singleElement().satisfies(m -> {
      assertThat(m.get("method").asText()).isEqualTo("notifications/progress");
      assertThat(m.at("/params/progressToken").asText()).isEqualTo("tok-1");
      assertThat(m.at("/params/progress").asDouble()).isEqualTo(1.0);
    });
  }

  @Test
  void samplingRequest_isRelayed_andAnsweredViaRespond() {
    UpstreamCall ask = session.request("tools/call", call("ask_model", "2+2?"), message -> {
      if ("sampling/createMessage".equals(message.path("method").asText())) {
        ObjectNode answer = Json.NODES.objectNode().put("jsonrpc", "2.0");
        answer.set("id", message.get("id"));
        ObjectNode result = answer.putObject("result").put("role", "assistant").put("model", "m1");
        result.putObject("content").put("type", "text")
            .put("text", "4 (asked: " + message.at("/params/messages/0/content/text").asText() + ")");
        session.respond(answer);
      }
    });

    assertThat(ask.response()).succeedsWithin(WAIT).satisfies(m ->
        assertThat(m.at("/result/content/0/text").asText()).isEqualTo("model said: 4 (asked: 2+2?)"));
  }
}
