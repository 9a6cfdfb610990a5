package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.DefinitionHash;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.ScriptedUpstream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What reaches an upstream over a client session's life, seen from a scripted upstream that
 * records every request: a cancellation is forwarded under the upstream's own request id, and
 * ending the client session ends its upstream session.
 */
class SessionLifecycleTest {
  private static final ObjectNode QUICK = tool("quick");
  private static final ObjectNode STUCK = tool("stuck");

  private ScriptedUpstream upstream;
  private BrokerUnderTest broker;

  private static ObjectNode tool(String name) {
    ObjectNode t = Json.NODES.objectNode().put("name", name).put("description", name);
    t.putObject("inputSchema").put("type", "object").putObject("properties");
    return t;
  }

  @BeforeEach
  void start() throws Exception {
    upstream = new ScriptedUpstream((seen, exchange) -> {
      long id = seen.body().path("id").asLong();
      switch (seen.rpcMethod()) {
        case "tools/list" -> {
          ObjectNode result = Json.NODES.objectNode();
          ArrayNode tools = result.putArray("tools");
          tools.add(QUICK);
          tools.add(STUCK);
          ScriptedUpstream.json(exchange, 200, ScriptedUpstream.response(id, result));
        }
        case "tools/call" -> {
          if (seen.body().path("params").path("name").asText().equals("stuck")) {
            upstream.hang();
          } else {
            ScriptedUpstream.json(exchange, 200, ScriptedUpstream.textResult(id, "done"));
          }
        }
        default -> exchange.sendResponseHeaders(405, -1);
      }
    });
    String catalog = """
        upstreams:
          s: {url: "${URL}", callTimeout: 20s}
        tools:
          - {name: quick, upstream: s, tier: read, pin: "%s", inputSchema: {type: object, properties: {}}}
          - {name: stuck, upstream: s, tier: read, pin: "%s", inputSchema: {type: object, properties: {}}}
        """.formatted(DefinitionHash.of(QUICK), DefinitionHash.of(STUCK));
    broker = BrokerUnderTest.start(catalog, BrokerUnderTest.env("URL", upstream.url().toString()));
  }

  @AfterEach
  void stop() {
    broker.close();
    upstream.close();
  }

  @Test
  void clientCancellation_isForwardedUnderTheUpstreamsId() throws Exception {
    McpHttp http = broker.client();
    String session = http.initialize("2025-11-25");
    var pending = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(broker.url())
        .header("Content-Type", "application/json").header("Accept", McpHttp.ACCEPT_BOTH).header("Authorization", "Bearer " + broker.token("test-agent", "customer-1"))
        .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"jsonrpc\":\"2.0\",\"id\":\"client-7\",\"method\":\"tools/call\",\"params\":{\"name\":\"stuck\",\"arguments\":{}}}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    var call = upstream.await(s -> "tools/call".equals(s.rpcMethod()));

    assertThat(http.post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
        + "\"params\":{\"requestId\":\"client-7\",\"reason\":\"user pressed stop\"}}").status()).isEqualTo(202);

    var cancelled = upstream.await(s -> "notifications/cancelled".equals(s.rpcMethod()));
    assertThat(cancelled.body().path("params").path("requestId")).isEqualTo(call.body().get("id"));
    assertThat(cancelled.header("Mcp-Session-Id")).isEqualTo(call.header("Mcp-Session-Id"));
    pending.cancel(true);
  }

  @Test
  void deletingTheClientSession_deletesItsUpstreamSession() throws Exception {
    McpHttp http = broker.client();
    String session = http.initialize("2025-11-25");
    assertThat(http.callTool(session, 1, "quick", "{}").path("result").path("content").get(0).path("text").asText())
        .isEqualTo("done");
    String upstreamSession = upstream.await(s -> "tools/call".equals(s.rpcMethod())).header("Mcp-Session-Id");

    assertThat(http.send("DELETE", null, Map.of("Mcp-Session-Id", session)).status()).isEqualTo(200);

    var deleted = upstream.await(s -> "DELETE".equals(s.httpMethod()));
    assertThat(deleted.header("Mcp-Session-Id")).isEqualTo(upstreamSession);
  }

  @Test
  void eachClientSession_getsItsOwnUpstreamSession() throws Exception {
    McpHttp http = broker.client();
    String a = http.initialize("2025-11-25");
    String b = http.initialize("2025-06-18");
    http.callTool(a, 1, "quick", "{}");
    http.callTool(b, 1, "quick", "{}");
    var calls = upstream.seen(s -> "tools/call".equals(s.rpcMethod()));
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).header("Mcp-Session-Id")).isNotEqualTo(calls.get(1).header("Mcp-Session-Id"));
    // the upstream session is asked for the version the client negotiated with the broker
    assertThat(upstream.seen(s -> "initialize".equals(s.rpcMethod())))
        .extracting(s -> s.body().path("params").path("protocolVersion").asText())
        .contains("2025-06-18");
  }
}
