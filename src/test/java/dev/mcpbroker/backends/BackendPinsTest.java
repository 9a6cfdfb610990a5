package dev.mcpbroker.backends;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.escalations.EscalationsServer;
import dev.mcpbroker.backends.gate.CallGate;
import dev.mcpbroker.backends.orders.DemoSeed;
import dev.mcpbroker.backends.orders.OrdersServer;
import dev.mcpbroker.backends.refunds.FakePaymentsProvider;
import dev.mcpbroker.backends.refunds.RefundsConfig;
import dev.mcpbroker.backends.refunds.RefundsServer;
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
 * Checks that {@code config/tools.yaml} pins the tools of all three reference backends exactly as
 * they list them, with input schemas equal to theirs, and prints the live pins (copy them into
 * the file after changing a tool on purpose).
 *
 * <p>Talks raw JSON-RPC over HTTP rather than through the SDK client: a pin hashes the tool object
 * as it arrives on the wire, and re-serializing the SDK's {@code Tool} record could differ.
 */
class BackendPinsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION = "2025-11-25";

  @Test
  void catalogPins_matchTheLiveDefinitions_ofEveryBackend() throws Exception {
    try (Database db = Database.open(DatabaseConfig.h2Memory(), DemoSeed.INSTANCE);
        OrdersServer orders = OrdersServer.start("127.0.0.1", 0, db, CallGate.OPEN);
        RefundsServer refunds = RefundsServer.start("127.0.0.1", 0, db, RefundsConfig.withKey("k"),
            new FakePaymentsProvider("k"), CallGate.OPEN);
        EscalationsServer escalations = EscalationsServer.start("127.0.0.1", 0, db, CallGate.OPEN)) {
      Map<String, URI> urls = new LinkedHashMap<>();
      urls.put("orders", orders.mcpUrl());
      urls.put("refunds", refunds.mcpUrl());
      urls.put("escalations", escalations.mcpUrl());
      Catalog catalog = CatalogLoader.load(Path.of("config/tools.yaml"), Map.of(
          "ORDERS_PORT", Integer.toString(orders.mcpUrl().getPort()),
          "REFUNDS_PORT", Integer.toString(refunds.mcpUrl().getPort()),
          "ESCALATIONS_PORT", Integer.toString(escalations.mcpUrl().getPort())));
      assertThat(catalog.upstreams().keySet()).containsExactlyInAnyOrderElementsOf(urls.keySet());
      for (var upstream : urls.entrySet()) {
        String name = upstream.getKey();
        Map<String, JsonNode> live = liveTools(upstream.getValue());
        Map<String, String> livePins = new LinkedHashMap<>();
        live.forEach((tool, definition) -> livePins.put(tool, DefinitionHash.of(definition)));
        livePins.forEach((tool, pin) -> System.out.println(name + " pin " + tool + ": " + pin));

        Map<String, String> pinned = catalog.toolsOf(name).stream()
            .collect(Collectors.toMap(ToolSpec::upstreamTool, ToolSpec::pin));
        assertThat(catalog.upstreams().get(name).url()).isEqualTo(upstream.getValue());
        assertThat(pinned).as("pins of %s", name).isEqualTo(livePins);
        for (ToolSpec spec : catalog.toolsOf(name)) {
          assertThat(spec.inputSchema())
              .as("inputSchema of %s", spec.name())
              .isEqualTo(live.get(spec.upstreamTool()).get("inputSchema"));
        }
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
