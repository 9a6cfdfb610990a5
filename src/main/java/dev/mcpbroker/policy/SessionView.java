package dev.mcpbroker.policy;

import java.util.Map;
import java.util.HashMap;
import java.util.Collections;
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
   *
   * <p>A call is immutable, so what policy derives from it is computed once, not on every later
   * decision of its session: its CEL form, and (per policy snapshot) what it adds to the session
   * lists. A session of hundreds of calls would otherwise make each decision convert and evaluate
   * all of them again.
   */
  public static final class Call {
    private final String tool;
    private final ObjectNode args;
    private final Effect decision;
    private final JsonNode result;
    private volatile Map<String, Object> cel;
    private volatile ListValues listValues;

    /** What one call adds to the session lists of one policy snapshot. */
    record ListValues(PolicySnapshot snapshot, List<Map.Entry<String, Object>> values) {}

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

    /** The call as a condition sees it in {@code session.calls}; computed once. */
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

    /** What this call added to the session lists under {@code snapshot}, if computed before. */
    ListValues listValues(PolicySnapshot snapshot) {
      ListValues v = listValues;
      return v != null && v.snapshot() == snapshot ? v : null;
    }

    void listValues(ListValues values) {
      listValues = values;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Call c && tool.equals(c.tool) && args.equals(c.args) && decision == c.decision
          && Objects.equals(result, c.result);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tool, args, decision, result);
    }

    @Override
    public String toString() {
      return "Call[tool=" + tool + ", args=" + args + ", decision=" + decision + ", result=" + result + "]";
    }
  }
}
