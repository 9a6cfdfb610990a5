package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/**
 * Performs a declared fact look-up: calls a read-only upstream tool on the principal's behalf (with
 * the broker's own action token) and completes with its structured result, or exceptionally when
 * the upstream cannot answer. The engine caches results for the fact's ttl.
 */
@FunctionalInterface
public interface FactSource {
  CompletableFuture<JsonNode> fetch(String tool, ObjectNode args, PrincipalView principal);
}
