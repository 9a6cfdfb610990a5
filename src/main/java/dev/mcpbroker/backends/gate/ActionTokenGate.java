package dev.mcpbroker.backends.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.identity.ActionTokenVerifier;
import dev.mcpbroker.identity.ActionVerification;
import dev.mcpbroker.json.Json;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lets a call through only with an action token the broker minted for exactly this call: signed
 * by the broker's published key, for this backend's audience, for this tool and these arguments
 * (by digest), unexpired and never used before. The token's subject scopes the call to a customer
 * and its {@code jti} is the idempotency key, so a replayed or retried token moves nothing twice.
 */
public final class ActionTokenGate implements CallGate {
  private final Supplier<ActionTokenVerifier> verifier;

  /** Uses the verifier {@code verifier} supplies (it may be built once the broker's keys are known). */
  public ActionTokenGate(Supplier<ActionTokenVerifier> verifier) {
    this.verifier = verifier;
  }

  @Override
  public GateResult check(McpSyncServerExchange exchange, String tool, Map<String, Object> arguments,
      Map<String, Object> meta) {
    Optional<String> header = RequestHeaders.authorization(exchange);
    if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new GateResult.Refused("missing_action_token: calls are accepted only through the broker");
    }
    JsonNode argumentsInHand = Json.MAPPER.valueToTree(arguments);
    ActionVerification v = verifier.get().verifyFor(header.get().substring(7).trim(), tool, argumentsInHand);
    if (v instanceof ActionVerification.Accepted ok) {
      return new GateResult.Accepted(ok.subject(), ok.jti());
    }
    ActionVerification.Refused no = (ActionVerification.Refused) v;
    return new GateResult.Refused(no.code() + ": " + no.message());
  }
}
