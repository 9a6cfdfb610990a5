package dev.mcpbroker.backends;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.URI;
import java.util.Map;

/** Builds MCP SDK clients for a backend on loopback, optionally sending a bearer token. */
public final class McpClients {
  /** The {@code _meta} key {@code CallGate.OPEN} and {@link BearerTestGate} take a key from. */
  public static final String IDEMPOTENCY_META = "dev.mcpbroker/idempotency_key";

  private McpClients() {}

  /** Returns an initialized client of {@code mcpUrl}, sending {@code bearer} if not null. */
  public static McpSyncClient connect(URI mcpUrl, String bearer) {
    HttpClientStreamableHttpTransport.Builder transport =
        HttpClientStreamableHttpTransport.builder(mcpUrl.resolve("/").toString()).endpoint("/mcp");
    if (bearer != null) {
      transport.httpRequestCustomizer(
          (request, method, uri, body, context) ->
              request.header("Authorization", "Bearer " + bearer));
    }
    McpSyncClient client = McpClient.sync(transport.build()).build();
    client.initialize();
    return client;
  }

  /** Calls {@code tool}, passing {@code key} as the {@code _meta} idempotency key if not null. */
  public static CallToolResult call(
      McpSyncClient client, String tool, Map<String, Object> arguments, String key) {
    Map<String, Object> meta = key == null ? null : Map.of(IDEMPOTENCY_META, key);
    return client.callTool(new CallToolRequest(tool, arguments, meta));
  }

  /** Returns the text of a result's first content block. */
  public static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }
}
