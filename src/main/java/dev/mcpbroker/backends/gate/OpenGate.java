package dev.mcpbroker.backends.gate;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.util.Map;
import java.util.UUID;

/** Implements {@link CallGate#OPEN}: accepts everything, unscoped. Development only. */
final class OpenGate implements CallGate {
  /** The {@code _meta} key a client may set to make retries of one call idempotent. */
  static final String META_KEY = "dev.mcpbroker/idempotency_key";

  private static final int MAX_KEY = 200;

  @Override
  public GateResult check(
      McpSyncServerExchange exchange,
      String tool,
      Map<String, Object> arguments,
      Map<String, Object> meta) {
    Object key = meta.get(META_KEY);
    if (key == null) {
      return new GateResult.Accepted(null, "random:" + UUID.randomUUID());
    }
    if (!(key instanceof String text) || text.isEmpty() || text.length() > MAX_KEY) {
      return new GateResult.Refused(
          "bad_idempotency_key: _meta." + META_KEY + " (expected: a string of 1 to 200 characters)");
    }
    // prefixed so that a client's key can never collide with a verified token's jti
    return new GateResult.Accepted(null, "client:" + text);
  }

  @Override
  public String toString() {
    return "CallGate.OPEN";
  }
}
