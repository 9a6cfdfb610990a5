package dev.mcpbroker.protocol;

import java.util.Map;

/**
 * Answers one HTTP request of the MCP endpoint. The transport implements it; the protocol layer
 * decides what to answer without knowing about sockets. Exactly one of the methods is called, once.
 */
public interface Exchange {

  /** Reads a request header, case-insensitively; null when absent. */
  String header(String name);

  /** Answers with {@code status} and {@code body} serialized as JSON (no body when null). */
  void respond(int status, Object body, Map<String, String> headers);

  /** Answers 202 Accepted with no body (notifications and responses, MCP basic/transports). */
  default void accepted() {
    respond(202, null, Map.of());
  }

  /** Answers 200 with {@code text/event-stream} and returns the stream to write messages to. */
  MessageStream openStream(Map<String, String> headers);
}
