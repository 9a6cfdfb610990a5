package dev.mcpbroker.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.policy.Effect;
import dev.mcpbroker.policy.SessionLog;
import dev.mcpbroker.policy.SessionView;

/**
 * Remembers one client session's allowed calls, oldest first, as policy reads them under {@code
 * session}: the tool, the final arguments and, for a read-tier tool, the result the broker
 * received. Bounded (the oldest calls are forgotten first) so that a runaway session cannot grow
 * it without limit; the policy's session call cap stops such a session long before.
 */
public final class SessionHistory {
  /** How many calls a session remembers. */
  public static final int MAX_CALLS = 1_000;

  private final SessionLog calls = new SessionLog(MAX_CALLS);

  /** Returns an immutable view of the calls so far, in O(1) however long the session. */
  public SessionView view() {
    return calls.view();
  }

  /** Adds an allowed call; {@code result} is the upstream's tool result, or null when none is kept. */
  void record(String tool, ObjectNode finalArgs, JsonNode result) {
    calls.append(new SessionView.Call(tool, finalArgs.deepCopy(), Effect.ALLOW, result));
  }

  /**
   * Returns what policy sees of a tool result: {@code structuredContent}, else the first text
   * content parsed as JSON, else that text as a string; null for an error result or no content.
   */
  static JsonNode observed(JsonNode result) {
    if (result == null || result.path("isError").asBoolean(false)) {
      return null;
    }
    JsonNode structured = result.get("structuredContent");
    if (structured != null && !structured.isNull()) {
      return structured.deepCopy();
    }
    for (JsonNode content : result.path("content")) {
      if ("text".equals(content.path("type").asText())) {
        String text = content.path("text").asText();
        try {
          JsonNode parsed = Json.MAPPER.readTree(text);
          return parsed == null || parsed.isMissingNode() ? Json.NODES.textNode(text) : parsed;
        } catch (java.io.IOException | RuntimeException notJson) {
          return Json.NODES.textNode(text);
        }
      }
    }
    return null;
  }
}
