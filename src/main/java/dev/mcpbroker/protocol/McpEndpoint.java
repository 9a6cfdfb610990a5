package dev.mcpbroker.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Handles the three methods of the MCP Streamable HTTP endpoint once the transport has checked
 * Host, Origin and size and parsed the body (MCP 2025-11-25 basic/transports).
 */
public interface McpEndpoint {

  /** Handles a POST whose body parsed as JSON. */
  void post(JsonNode body, Exchange exchange);

  /** Handles a GET: opens the session's listening stream. */
  void get(Exchange exchange);

  /** Handles a DELETE: ends the session. */
  void delete(Exchange exchange);

  /**
   * Returns the JSON document published at {@code path} outside the MCP endpoint (for example
   * RFC 9728 protected-resource metadata or the action-token JWKS), or null when there is none.
   */
  default Object document(String path) {
    return null;
  }
}
