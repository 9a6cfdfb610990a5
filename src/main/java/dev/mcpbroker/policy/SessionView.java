package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/** Lists this session's earlier calls, oldest first, as the rules see them under {@code session}. */
public record SessionView(List<Call> calls) {
  public static final SessionView EMPTY = new SessionView(List.of());

  public SessionView {
    calls = List.copyOf(calls);
  }

  /**
   * One earlier call: the tool, its final (rewritten) arguments, the decision, and the result the
   * broker received when the tool is read-only ({@code null} otherwise or when none came back).
   */
  public record Call(String tool, ObjectNode args, Effect decision, JsonNode result) {
    public Call {
      Objects.requireNonNull(tool, "tool");
      Objects.requireNonNull(args, "args");
      Objects.requireNonNull(decision, "decision");
    }
  }
}
