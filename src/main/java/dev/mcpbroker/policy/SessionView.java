package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.runtime.CelEvaluationException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Lists this session's earlier calls, oldest first, as the rules see them under {@code session}.
 * Immutable; a view of a {@link SessionLog} costs O(1) to take and to read as CEL, whatever the
 * length of the session (see the log's design note).
 */
public final class SessionView {
  public static final SessionView EMPTY = new SessionView(List.of());

  private final SessionLog log;
  private final Call[] array;
  private final int from;
  private final int to;

  /** A view of exactly {@code calls} (copied). */
  public SessionView(List<Call> calls) {
    this.log = SessionLog.of(calls);
    SessionView all = log.view();
    this.array = all.array;
    this.from = all.from;
    this.to = all.to;
  }

  SessionView(SessionLog log, Call[] array, int from, int to) {
    this.log = log;
    this.array = array;
    this.from = from;
    this.to = to;
  }

  /** The calls, oldest first; an unmodifiable list. */
  public List<Call> calls() {
    return new SessionLog.Slice<>(array, from, to, Function.identity());
  }

  /** The calls as a condition sees them in {@code session.calls}, each converted once. */
  List<Object> celCalls() {
    return new SessionLog.Slice<Call, Object>(array, from, to, Call::cel);
  }

  /**
   * The session lists {@code s} declares, by name, over these calls' allowed calls; null when the
   * log has moved to a new array since this view was taken (the caller derives them call by call).
   */
  Map<String, List<Object>> lists(PolicySnapshot s) throws CelEvaluationException {
    if (from == to || s.sessionListOrder().isEmpty()) {
      Map<String, List<Object>> out = new HashMap<>();
      s.sessionListOrder().forEach(l -> out.put(l.spec().name(), List.of()));
      return out;
    }
    return log.lists(s, array, from, to);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionView v && calls().equals(v.calls());
  }

  @Override
  public int hashCode() {
    return calls().hashCode();
  }

  @Override
  public String toString() {
    return "SessionView[calls=" + calls() + "]";
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

    /**
     * What one call adds to the session lists of one policy snapshot: per list, in the snapshot's
     * order, the value or null for none.
     */
    record ListValues(PolicySnapshot snapshot, Object[] byList) {}

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
        cel = c = toCel();
      }
      return c;
    }

    /**
     * The call's CEL form without keeping it: what the session lists need once per snapshot. Only
     * a rule reading {@code session.calls} makes a call keep its CEL form, a second copy of its
     * arguments and result for as long as the session remembers it.
     */
    Map<String, Object> celOnce() {
      Map<String, Object> c = cel;
      return c != null ? c : toCel();
    }

    private Map<String, Object> toCel() {
      Map<String, Object> call = new HashMap<>(8);
      call.put("tool", tool);
      call.put("args", CelValues.toCelMap(args));
      call.put("decision", decision.yamlName());
      call.put("result", CelValues.toCel(result));
      return Collections.unmodifiableMap(call);
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
