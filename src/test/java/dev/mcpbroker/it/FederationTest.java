package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.fixture.ConformanceFixture;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resources and prompts pass only where the catalog declares them, an upstream's request to one
 * client (sampling) can be answered by that client alone, and progress reaches the client on the
 * SSE stream of the call it belongs to.
 */
class FederationTest {
  private static ConformanceFixture fixture;
  private static BrokerUnderTest broker;

  @BeforeAll
  static void start() throws Exception {
    fixture = ConformanceFixture.start(0);
    String catalog = """
        upstreams:
          fixture: {url: "${URL}"}
        tools:
          - {name: test_sampling, upstream: fixture, tier: read, pin: "%s",
             inputSchema: {type: object, properties: {prompt: {type: string}}, required: [prompt]}}
          - {name: test_tool_with_progress, upstream: fixture, tier: read, pin: "%s",
             inputSchema: {type: object, properties: {}}}
        resources:
          - {upstream: fixture, uri: "test://static-text"}
        prompts:
          - {upstream: fixture, name: test_simple_prompt}
        """.formatted(BrokerUnderTest.livePin(fixture.mcpUrl(), "test_sampling"),
            BrokerUnderTest.livePin(fixture.mcpUrl(), "test_tool_with_progress"));
    broker = BrokerUnderTest.start(catalog, BrokerUnderTest.env("URL", fixture.mcpUrl().toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
    fixture.close();
  }

  @Test
  void lists_showOnlyDeclaredResourcesAndPrompts() throws Exception {
    McpHttp http = broker.client();
    String s = http.initialize("2025-11-25");
    JsonNode resources = http.post(s, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}").last();
    assertThat(resources.path("result").path("resources")).extracting(r -> r.path("uri").asText())
        .containsExactly("test://static-text");
    JsonNode templates = http.post(s, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/templates/list\"}").last();
    assertThat(templates.path("result").path("resourceTemplates")).isEmpty();
    JsonNode prompts = http.post(s, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/list\"}").last();
    assertThat(prompts.path("result").path("prompts")).extracting(p -> p.path("name").asText())
        .containsExactly("test_simple_prompt");
  }

  @Test
  void undeclaredResourceAndPrompt_areRefused_declaredOnesPass() throws Exception {
    McpHttp http = broker.client();
    String s = http.initialize("2025-11-25");
    JsonNode binary = http.post(s, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"test://static-binary\"}}").last();
    assertThat(binary.path("error").path("code").asInt()).isEqualTo(-32002);
    JsonNode text = http.post(s, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/read\",\"params\":{\"uri\":\"test://static-text\"}}").last();
    assertThat(text.path("result").path("contents").get(0).path("uri").asText()).isEqualTo("test://static-text");
    JsonNode prompt = http.post(s, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\"test_prompt_with_image\"}}").last();
    assertThat(prompt.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(prompt.path("error").path("message").asText()).contains("test_prompt_with_image");
  }

  @Test
  void samplingRequest_canOnlyBeAnsweredByItsOwnClient() throws Exception {
    McpHttp http = broker.client();
    String a = http.initialize("2025-11-25", "{\"sampling\":{}}");
    String b = http.initialize("2025-11-25", "{\"sampling\":{}}");
    CompletableFuture<HttpResponse<Stream<String>>> call = HttpClient.newHttpClient().sendAsync(
        HttpRequest.newBuilder(broker.url()).header("Content-Type", "application/json")
            .header("Accept", McpHttp.ACCEPT_BOTH).header("Authorization", "Bearer " + broker.token("test-agent", "customer-1")).header("Mcp-Session-Id", a).header("MCP-Protocol-Version", "2025-11-25")
            .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"test_sampling\",\"arguments\":{\"prompt\":\"hello\"}}}")).build(),
        HttpResponse.BodyHandlers.ofLines());
    Iterator<String> lines = call.get(10, TimeUnit.SECONDS).body().iterator();
    JsonNode request = nextMessage(lines);
    assertThat(request.path("method").asText()).isEqualTo("sampling/createMessage");
    String id = request.path("id").asText();

    String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"result\":{\"role\":\"assistant\","
        + "\"content\":{\"type\":\"text\",\"text\":\"%s\"},\"model\":\"m\"}}";
    // client B guesses A's id: accepted as a message, but routed nowhere
    assertThat(http.post(b, answer.formatted("from B")).status()).isEqualTo(202);
    assertThat(http.post(a, answer.formatted("from A")).status()).isEqualTo(202);

    JsonNode result = nextMessage(lines);
    assertThat(result.path("id").asInt()).isEqualTo(1);
    assertThat(result.path("result").toString()).contains("from A").doesNotContain("from B");
  }

  @Test
  void progress_comesOnTheCallsOwnSseStream_afterAPrimingEvent() throws Exception {
    McpHttp http = broker.client();
    String s = http.initialize("2025-11-25");
    var answer = http.post(s, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
        + "{\"name\":\"test_tool_with_progress\",\"arguments\":{},\"_meta\":{\"progressToken\":\"p-7\"}}}");

    assertThat(answer.header("Content-Type")).startsWith("text/event-stream");
    // MCP 2025-11-25 basic/transports (SEP-1699): an event id and empty data first, with a retry hint
    String[] priming = answer.body().split("\n\n", 2)[0].split("\n");
    assertThat(priming[0]).matches("id: \\S+");
    assertThat(priming[1]).matches("retry: \\d+");
    assertThat(priming[2]).isEqualTo("data: ");
    List<JsonNode> messages = answer.messages();
    assertThat(messages.subList(0, messages.size() - 1))
        .extracting(m -> m.path("method").asText(), m -> m.path("params").path("progressToken").asText())
        .containsOnly(org.assertj.core.groups.Tuple.tuple("notifications/progress", "p-7"))
        .hasSize(3);
    assertThat(answer.last().path("id").asInt()).isEqualTo(7);
    assertThat(answer.last().path("result").path("content").get(0).path("text").asText()).isEqualTo("p-7");
  }

  private static JsonNode nextMessage(Iterator<String> lines) throws Exception {
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("data:") && line.length() > 6) {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line.substring(5).trim());
      }
    }
    throw new AssertionError("stream ended without a message");
  }
}
