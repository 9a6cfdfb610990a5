package dev.mcpbroker.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.policy.Decision;

/** The result of one stage: go on with a (possibly new) context, refuse, or answer now. */
public sealed interface StageOutcome {

  /** Hand {@code context} to the next stage. */
  record Continue(CallContext context) implements StageOutcome {}

  /**
   * Refuse the call; {@code message} is safe to show the model (names fields, not internals).
   * {@code code} is what the client and the audit see: the reason's own code, or for a policy
   * denial the rule's reason code (a closed set per policy version), with the decision that
   * refused it (null otherwise).
   */
  record Deny(DenyReason reason, String message, String code, Decision decision) implements StageOutcome {
    public Deny(DenyReason reason, String message) {
      this(reason, message, reason.code(), null);
    }
  }

  /** Hold the call for a human: nothing is forwarded; the client learns the approval id. */
  record Held(Decision decision, String approvalId) implements StageOutcome {}

  /** Answer with {@code result} without going further. */
  record Respond(JsonNode result) implements StageOutcome {}
}
