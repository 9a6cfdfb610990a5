package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One request for a human's approval of one exact call: who, which tool, the final arguments and
 * their canonical digest, the rule that asked, and where the request stands.
 *
 * @param expiresAt while pending, when the request lapses; once approved, when the approval does
 * @param approver who approved or rejected it, empty while pending
 */
public record Approval(String id, String agent, String subject, String tool, ObjectNode args,
    String argsDigest, String ruleId, Instant requestedAt, Instant expiresAt, State state,
    String approver, Instant decidedAt) {

  /** Where an approval request stands. */
  public enum State {
    PENDING,
    APPROVED,
    REJECTED,
    USED,
    /** Nobody decided before the request lapsed. */
    EXPIRED
  }

  public Approval {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(argsDigest, "argsDigest");
    Objects.requireNonNull(state, "state");
    approver = approver == null ? "" : approver;
  }

  Approval with(State s, String by, Instant at, Instant expires) {
    return new Approval(id, agent, subject, tool, args, argsDigest, ruleId, requestedAt, expires, s, by, at);
  }

  boolean sameCall(String agent, String subject, String tool, String digest) {
    return this.agent.equals(agent) && this.subject.equals(subject) && this.tool.equals(tool)
        && argsDigest.equals(digest);
  }
}
