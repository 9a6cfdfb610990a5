package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Receives the messages of one HTTP response body, plus its SSE resumption parameters. */
interface Inbound {
  void onMessage(ObjectNode message);

  default void onEventId(String id) {}

  default void onRetry(long millis) {}
}
