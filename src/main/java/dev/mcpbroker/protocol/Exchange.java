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

  /**
   * Continues handling this request with {@code task} on the thread that serves its connection,
   * where the request started: for a request that had to wait elsewhere (a token whose issuer's
   * keys had to be fetched), so that the rest of it runs exactly as it would have without the
   * wait. A failure of {@code task} is answered as an internal error.
   */
  void resume(Runnable task);
}
