package dev.mcpbroker.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.ToolSpec;
import dev.mcpbroker.identity.ActionToken;

/**
 * Carries one tool call through the stages; each stage returns a new context rather than
 * mutating this one, so what a stage saw is what the next one got.
 *
 * @param request the request as received
 * @param tool the resolved catalog entry; null until the resolve stage ran
 * @param arguments the arguments as they stand (validated, later rewritten); null until resolved
 * @param actionToken the token minted for exactly this call; null until minted
 */
public record CallContext(ToolCallRequest request, ToolSpec tool, ObjectNode arguments, ActionToken actionToken) {

  static CallContext of(ToolCallRequest request) {
    return new CallContext(request, null, null, null);
  }

  CallContext withTool(ToolSpec resolved) {
    return new CallContext(request, resolved, arguments, actionToken);
  }

  CallContext withArguments(ObjectNode args) {
    return new CallContext(request, tool, args, actionToken);
  }

  CallContext withActionToken(ActionToken token) {
    return new CallContext(request, tool, arguments, token);
  }
}
