package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * Carries one tool call to the engine: who, which tool, the (schema-valid) arguments, what the
 * session did before, and the time of the decision. The engine never mutates {@code args}.
 */
public record CallInput(
    PrincipalView principal, String tool, ObjectNode args, SessionView session, Instant now) {
  public CallInput {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(args, "args");
    session = session == null ? SessionView.EMPTY : session;
    Objects.requireNonNull(now, "now");
  }
}
