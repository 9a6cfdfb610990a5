package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Tracks one request sent upstream: the id the session gave it (for {@link
 * UpstreamSession#cancel}) and the JSON-RPC response message, which has {@code result} or {@code
 * error}. The future fails with {@link UpstreamException} when no response can be had.
 */
public record UpstreamCall(long id, CompletableFuture<ObjectNode> response) {
  public UpstreamCall {
    Objects.requireNonNull(response, "response");
  }
}
