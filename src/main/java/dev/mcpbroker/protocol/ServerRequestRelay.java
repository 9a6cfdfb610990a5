package dev.mcpbroker.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Maps the ids of requests that upstream servers send to a client (sampling, elicitation, roots)
 * to ids this session issues, so that a client only ever sees ids of its own session and its
 * answer is routed back to exactly the upstream session that asked.
 */
final class ServerRequestRelay {
  private final String prefix;
  private final AtomicLong next = new AtomicLong();
  private final Map<String, Consumer<ObjectNode>> waiting = new ConcurrentHashMap<>();

  ServerRequestRelay(String prefix) {
    this.prefix = prefix;
  }

  /** Returns a copy of {@code request} under a fresh id; the client's answer goes to {@code answer}. */
  ObjectNode map(ObjectNode request, Consumer<ObjectNode> answer) {
    String id = prefix + next.incrementAndGet();
    waiting.put(id, answer);
    ObjectNode copy = request.deepCopy();
    copy.set("id", TextNode.valueOf(id));
    return copy;
  }

  /** Routes a client's response; false when its id was never issued or already answered. */
  boolean route(JsonNode id, ObjectNode response) {
    if (id == null || !id.isTextual()) {
      return false;
    }
    Consumer<ObjectNode> answer = waiting.remove(id.asText());
    if (answer == null) {
      return false;
    }
    answer.accept(response);
    return true;
  }

  void clear() {
    waiting.clear();
  }
}
