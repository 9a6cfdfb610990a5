package dev.mcpbroker.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.ToolSpec;
import dev.mcpbroker.identity.ActionToken;
import dev.mcpbroker.json.CanonicalJson;
import dev.mcpbroker.policy.Decision;

/**
 * Carries one tool call through the stages; each stage returns a new context rather than
 * mutating this one, so what a stage saw is what the next one got.
 *
 * @param request the request as received
 * @param tool the resolved catalog entry; null until the resolve stage ran
 * @param arguments the arguments as they stand (validated, later rewritten); null until resolved
 * @param canonicalArguments the RFC 8785 form of {@code arguments}, computed once when they were
 *     validated and kept while they stay the same (the action token binds its digest); null when
 *     not computed yet
 * @param actionToken the token minted for exactly this call; null until minted
 * @param decision the policy's decision; null until decided
 */
public record CallContext(ToolCallRequest request, ToolSpec tool, ObjectNode arguments, byte[] canonicalArguments,
    ActionToken actionToken, Decision decision) {

  static CallContext of(ToolCallRequest request) {
    return new CallContext(request, null, null, null, null, null);
  }

  CallContext withTool(ToolSpec resolved) {
    return new CallContext(request, resolved, arguments, canonicalArguments, actionToken, decision);
  }

  /** The validated arguments and their canonical form. */
  CallContext withArguments(ObjectNode args, byte[] canonical) {
    return new CallContext(request, tool, args, canonical, actionToken, decision);
  }

  CallContext withActionToken(ActionToken token) {
    return new CallContext(request, tool, arguments, canonicalArguments, token, decision);
  }

  /** The canonical form of {@link #arguments()}: the one computed before, or computed now. */
  byte[] canonicalArgumentsNow() {
    return canonicalArguments != null ? canonicalArguments : CanonicalJson.canonicalize(arguments);
  }

  /** Tells whether the policy changed the arguments it forwards. */
  boolean rewritten() {
    return decision != null && !decision.finalArgs().equals(decision.originalArgs());
  }

  /**
   * The decision, and the arguments it says to forward. Their canonical form is kept when they
   * equal the validated ones (equal JSON trees have the same RFC 8785 form), else computed anew
   * when needed.
   */
  CallContext withDecision(Decision d) {
    byte[] canonical = d.finalArgs().equals(arguments) ? canonicalArguments : null;
    return new CallContext(request, tool, d.finalArgs(), canonical, actionToken, d);
  }
}
