package dev.mcpbroker.backends.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.CatalogLoader;
import dev.mcpbroker.catalog.DefinitionHash;
import dev.mcpbroker.catalog.ToolSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks that {@code config/tools.yaml} pins the orders tools exactly as the backend lists them,
 * and prints the live pins (copy them into the file after changing a tool on purpose).
 *
 * <p>Talks raw JSON-RPC over HTTP rather than through the SDK client: a pin hashes the tool object
 * as it arrives on the wire, and re-serializing the SDK's {@code Tool} record could differ.
 */
class OrdersPinsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION = "2025-11-25";

  @Test
  void catalogPins_matchTheLiveDefinitions() throws Exception {
    try (OrdersServer server = OrdersServer.start("127.0.0.1", 0)) {
      Map<String, JsonNode> live = liveTools(server.mcpUrl());
      Map<String, String> livePins = new LinkedHashMap<>();
      live.forEach((name, tool) -> livePins.put(name, DefinitionHash.of(tool)));
      livePins.forEach((name, pin) -> System.out.println("orders pin " + name + ": " + pin));

      Catalog catalog =
          CatalogLoader.load(
              Path.of("config/tools.yaml"),
              Map.of("ORDERS_PORT", Integer.toString(server.mcpUrl().getPort())));
      Map<String, String> pinned =
          catalog.toolsOf("orders").stream()
              .collect(Collectors.toMap(ToolSpec::upstreamTool, ToolSpec::pin));

      assertThat(catalog.upstreams().get("orders").url()).isEqualTo(server.mcpUrl());
      assertThat(pinned).isEqualTo(livePins);
      for (ToolSpec spec : catalog.toolsOf("orders")) {
        assertThat(spec.inputSchema())
            .as("inputSchema of %s", spec.name())
            .isEqualTo(live.get(spec.upstreamTool()).get("inputSchema"));
      }
    }
  }

  /** Initializes a session and returns each tool object of {@code tools/list} by name. */
  private static Map<String, JsonNode> liveTools(URI url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> init =
        post(
            http,
            url,
            null,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\""
                + VERSION
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"pins\",\"version\":\"1\"}}}");
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    String negotiated = body(init).path("result").path("protocolVersion").asText();
    assertThat(negotiated).isEqualTo(VERSION);
    HttpResponse<String> initialized =
        post(http, url, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    assertThat(initialized.statusCode()).isEqualTo(202);
    JsonNode list =
        body(post(http, url, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"));
    Map<String, JsonNode> tools = new LinkedHashMap<>();
    list.path("result").path("tools").forEach(t -> tools.put(t.path("name").asText(), t));
    return tools;
  }

  private static HttpResponse<String> post(HttpClient http, URI url, String session, String json)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (session != null) {
      request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", VERSION);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Parses a JSON body, or the first JSON-RPC message of an SSE body. */
  private static JsonNode body(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(200);
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("text/event-stream")) {
      return JSON.readTree(response.body());
    }
    StringBuilder data = new StringBuilder();
    for (String line : response.body().split("\r\n|\r|\n", -1)) {
      if (line.startsWith("data:")) {
        data.append(line.substring(line.startsWith("data: ") ? 6 : 5)).append('\n');
      } else if (line.isEmpty() && data.length() > 0) {
        return JSON.readTree(data.toString());
      }
    }
    return JSON.readTree(data.toString());
  }
}
