package dev.mcpbroker.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.identity.Principal;

/**
 * What a client asked for in {@code tools/call}, as received: nothing in it is trusted.
 *
 * @param sessionId the MCP session it came on
 * @param principal who asked, verified from the session token on this request
 * @param name the public tool name
 * @param arguments the arguments (null when absent)
 * @param meta the {@code _meta} object (progress token), null when absent
 * @param history the session's earlier allowed calls, which policy reads and this call joins
 */
public record ToolCallRequest(String sessionId, Principal principal, String name, JsonNode arguments, JsonNode meta,
    SessionHistory history) {
  public ToolCallRequest {
    history = history == null ? new SessionHistory() : history;
  }

  /** A request whose session has no history yet. */
  public ToolCallRequest(String sessionId, Principal principal, String name, JsonNode arguments, JsonNode meta) {
    this(sessionId, principal, name, arguments, meta, null);
  }
}
