package dev.mcpbroker.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.ToolSpec;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends the final {@code tools/call} to the tool's upstream within the caller's session, with
 * {@code headers} on that request only (the action token). The future yields the upstream's
 * JSON-RPC response message (with {@code result} or {@code error}).
 */
@FunctionalInterface
public interface Forwarder {
  CompletableFuture<ObjectNode> forward(ToolSpec tool, JsonNode upstreamParams, Map<String, String> headers);
}
