package dev.mcpbroker.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

/** The result of one stage: go on with a (possibly new) context, refuse, or answer now. */
public sealed interface StageOutcome {

  /** Hand {@code context} to the next stage. */
  record Continue(CallContext context) implements StageOutcome {}

  /** Refuse the call; {@code message} is safe to show the model (names fields, not internals). */
  record Deny(DenyReason reason, String message) implements StageOutcome {}

  /** Answer with {@code result} without going further. */
  record Respond(JsonNode result) implements StageOutcome {}
}
