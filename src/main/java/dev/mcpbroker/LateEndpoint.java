package dev.mcpbroker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.protocol.Exchange;
import dev.mcpbroker.protocol.JsonRpc;
import dev.mcpbroker.protocol.McpEndpoint;
import java.util.Map;

/**
 * Stands in for the endpoint between binding the port and knowing the broker's own URL: the
 * resource URI that session tokens must name (RFC 8707) defaults to that URL, which an ephemeral
 * port only reveals after binding. Requests in that instant get 503.
 */
final class LateEndpoint implements McpEndpoint {
  private volatile McpEndpoint target;

  void set(McpEndpoint endpoint) {
    this.target = endpoint;
  }

  private McpEndpoint target(Exchange exchange) {
    McpEndpoint t = target;
    if (t == null) {
      exchange.respond(503, JsonRpc.error(null, JsonRpc.INTERNAL_ERROR, "starting; try again"), Map.of());
    }
    return t;
  }

  @Override
  public void post(JsonNode body, Exchange exchange) {
    McpEndpoint t = target(exchange);
    if (t != null) {
      t.post(body, exchange);
    }
  }

  @Override
  public void get(Exchange exchange) {
    McpEndpoint t = target(exchange);
    if (t != null) {
      t.get(exchange);
    }
  }

  @Override
  public void delete(Exchange exchange) {
    McpEndpoint t = target(exchange);
    if (t != null) {
      t.delete(exchange);
    }
  }

  @Override
  public Object document(String path) {
    McpEndpoint t = target;
    return t == null ? null : t.document(path);
  }
}
