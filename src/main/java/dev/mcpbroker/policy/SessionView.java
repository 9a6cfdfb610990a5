package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
   *
   * <p>Design note. Every decision of a rule that reads {@code session} sees the whole history (up
   * to a thousand calls), so what a call looks like to CEL is computed once and kept: its CEL map,
   * and the values it adds to the policy's session lists, for the snapshot they were computed with
   * (a reload computes them anew). This is why {@code args} and {@code result} must never change
   * after construction; the session history hands in copies of its own.
   */
  public static final class Call {
    private final String tool;
    private final ObjectNode args;
    private final Effect decision;
    private final JsonNode result;
    private volatile Map<String, Object> cel;
    private volatile ListValues listValues;

    /** The values this call adds to each session list of {@code snapshot}, in its list order. */
    record ListValues(PolicySnapshot snapshot, Object[] values) {}

    public Call(String tool, ObjectNode args, Effect decision, JsonNode result) {
      this.tool = Objects.requireNonNull(tool, "tool");
      this.args = Objects.requireNonNull(args, "args");
      this.decision = Objects.requireNonNull(decision, "decision");
      this.result = result;
    }

    public String tool() {
      return tool;
    }

    public ObjectNode args() {
      return args;
    }

    public Effect decision() {
      return decision;
    }

    public JsonNode result() {
      return result;
    }

    /** The call as CEL sees it under {@code session.calls}: tool, args, decision, result. */
    Map<String, Object> cel() {
      Map<String, Object> c = cel;
      if (c == null) {
        Map<String, Object> call = new HashMap<>(8);
        call.put("tool", tool);
        call.put("args", CelValues.toCelMap(args));
        call.put("decision", decision.yamlName());
        call.put("result", CelValues.toCel(result));
        cel = c = Collections.unmodifiableMap(call);
      }
      return c;
    }

    /** The list values computed for {@code snapshot}, or null when not computed yet. */
    Object[] listValues(PolicySnapshot snapshot) {
      ListValues v = listValues;
      return v != null && v.snapshot() == snapshot ? v.values() : null;
    }

    void rememberListValues(PolicySnapshot snapshot, Object[] values) {
      listValues = new ListValues(snapshot, values);
    }

    @Override
    public String toString() {
      return "Call[tool=" + tool + ", args=" + args + ", decision=" + decision + ", result=" + result + "]";
    }
  }
}
