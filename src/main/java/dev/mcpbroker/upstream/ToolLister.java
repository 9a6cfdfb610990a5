package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Lists all tools of an upstream session, following {@code nextCursor} pages (bounded). */
final class ToolLister {
  static final int MAX_PAGES = 100;

  private ToolLister() {}

  /** Returns the upstream's tool objects by their upstream name. */
  static CompletableFuture<Map<String, ObjectNode>> listAll(String upstream, UpstreamSession session) {
    return page(upstream, session, null, new LinkedHashMap<>(), 0);
  }

  private static CompletableFuture<Map<String, ObjectNode>> page(String upstream, UpstreamSession session, String cursor,
      Map<String, ObjectNode> into, int pages) {
    ObjectNode params = Json.NODES.objectNode();
    if (cursor != null) {
      params.put("cursor", cursor);
    }
    return session.request("tools/list", params, UpstreamListener.IGNORE).response().thenCompose(response -> {
      JsonNode result = response.get("result");
      if (result == null) {
        throw UpstreamException.of(UpstreamException.Kind.PROTOCOL, upstream,
            "refused tools/list: " + response.path("error"));
      }
      for (JsonNode tool : result.path("tools")) {
        if (tool instanceof ObjectNode t && t.path("name").isTextual()) {
          into.put(t.get("name").asText(), t);
        }
      }
      String next = result.path("nextCursor").asText(null);
      if (next == null || pages + 1 >= MAX_PAGES) {
        return CompletableFuture.completedFuture(into);
      }
      return page(upstream, session, next, into, pages + 1);
    });
  }
}
