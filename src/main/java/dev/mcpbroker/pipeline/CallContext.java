package dev.mcpbroker.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.ToolSpec;
import dev.mcpbroker.identity.ActionToken;
import dev.mcpbroker.policy.Decision;

/**
 * Carries one tool call through the stages; each stage returns a new context rather than
 * mutating this one, so what a stage saw is what the next one got.
 *
 * @param request the request as received
 * @param tool the resolved catalog entry; null until the resolve stage ran
 * @param arguments the arguments as they stand (validated, later rewritten); null until resolved
 * @param actionToken the token minted for exactly this call; null until minted
 * @param decision the policy's decision; null until decided
 */
public record CallContext(ToolCallRequest request, ToolSpec tool, ObjectNode arguments, ActionToken actionToken,
    Decision decision) {

  static CallContext of(ToolCallRequest request) {
    return new CallContext(request, null, null, null, null);
  }

  CallContext withTool(ToolSpec resolved) {
    return new CallContext(request, resolved, arguments, actionToken, decision);
  }

  CallContext withArguments(ObjectNode args) {
    return new CallContext(request, tool, args, actionToken, decision);
  }

  CallContext withActionToken(ActionToken token) {
    return new CallContext(request, tool, arguments, token, decision);
  }

  /** Tells whether the policy changed the arguments it forwards. */
  boolean rewritten() {
    return decision != null && !decision.finalArgs().equals(decision.originalArgs());
  }

  /** The decision, and the arguments it says to forward. */
  CallContext withDecision(Decision d) {
    return new CallContext(request, tool, d.finalArgs(), actionToken, d);
  }
}
