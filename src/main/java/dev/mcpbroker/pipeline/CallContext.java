package dev.mcpbroker.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.ToolSpec;

/**
 * Carries one tool call through the stages; each stage returns a new context rather than
 * mutating this one, so what a stage saw is what the next one got.
 *
 * @param request the request as received
 * @param tool the resolved catalog entry; null until the resolve stage ran
 * @param arguments the arguments as they stand (validated, later rewritten); null until resolved
 */
public record CallContext(ToolCallRequest request, ToolSpec tool, ObjectNode arguments) {

  static CallContext of(ToolCallRequest request) {
    return new CallContext(request, null, null);
  }

  CallContext withTool(ToolSpec resolved) {
    return new CallContext(request, resolved, arguments);
  }

  CallContext withArguments(ObjectNode args) {
    return new CallContext(request, tool, args);
  }
}
