package dev.mcpbroker.backends.gate;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.util.Map;

/**
 * Decides, before any tool logic, whether a backend serves a tool call and on whose behalf. Every
 * reference backend calls its gate first; a refusal becomes a tool error the backend logs, so a
 * caller who bypasses the broker gets nothing.
 *
 * <p>Production wiring replaces {@link #OPEN} with action-token verification: signature, audience,
 * expiry, the digest of {@code tool} and {@code arguments}, single use; the token arrives in the
 * {@code Authorization} header, which {@link RequestHeaders#authorization} reads from the
 * exchange. The token's subject becomes {@link GateResult.Accepted#customerId} and its {@code jti}
 * the {@link GateResult.Accepted#idempotencyKey}.
 */
@FunctionalInterface
public interface CallGate {

  /**
   * Accepts every call, scoped to no customer: FOR DEVELOPMENT ONLY, never in a deployment. The
   * idempotency key comes from the client's {@code _meta} ({@value OpenGate#META_KEY}) if given,
   * else it is random (each call then stands alone).
   */
  CallGate OPEN = new OpenGate();

  /**
   * Checks one call.
   *
   * @param exchange the MCP exchange; {@code exchange.transportContext()} holds the HTTP headers
   * @param tool the tool called
   * @param arguments its arguments, never {@code null}
   * @param meta the request's {@code _meta}, never {@code null}
   */
  GateResult check(
      McpSyncServerExchange exchange,
      String tool,
      Map<String, Object> arguments,
      Map<String, Object> meta);
}
