package dev.mcpbroker.backends;

import dev.mcpbroker.backends.gate.CallGate;
import dev.mcpbroker.backends.gate.GateResult;
import dev.mcpbroker.backends.gate.RequestHeaders;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.util.Map;
import java.util.UUID;

/**
 * Stands in for action-token verification in tests: {@code Authorization: Bearer <customer>}
 * scopes the call to that customer, no header refuses it, and the idempotency key is the client's
 * {@code _meta} key (else random). Proves the header reaches a gate through the transport.
 */
public final class BearerTestGate implements CallGate {
  @Override
  public GateResult check(
      McpSyncServerExchange exchange,
      String tool,
      Map<String, Object> arguments,
      Map<String, Object> meta) {
    String header = RequestHeaders.authorization(exchange).orElse(null);
    if (header == null || !header.startsWith("Bearer ")) {
      return new GateResult.Refused("missing_token");
    }
    Object key = meta.get(McpClients.IDEMPOTENCY_META);
    return new GateResult.Accepted(
        header.substring("Bearer ".length()),
        key instanceof String k ? "test:" + k : "random:" + UUID.randomUUID());
  }
}
