package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.CelLateFunctionBindings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the variables a rule sees for one call ({@code principal}, {@code tool}, {@code args},
 * {@code session}, {@code facts}, {@code now}) and the per-call {@code effective_limit} binding.
 */
final class CallVars {
  private static final CelFunctionResolver NO_FUNCTIONS = CelLateFunctionBindings.from(List.of());

  private CallVars() {}

  static Map<String, Object> of(PolicySnapshot s, ToolRules tr, CallInput in, Map<String, Object> facts,
      Map<String, Object> session) {
    Map<String, Object> vars = new HashMap<>(12);
    vars.put("principal", s.principalVars().of(in.principal()).principal());
    vars.put("tool", Map.of("name", tr.tool().name(), "tier", tr.tool().tier().yamlName()));
    vars.put("args", CelValues.toCelMap(in.args()));
    vars.put("session", session);
    vars.put("facts", facts);
    vars.put("now", in.now());
    return vars;
  }

  /** The variables with {@code args} replaced by the rewritten arguments. */
  static Map<String, Object> withArgs(Map<String, Object> vars, ObjectNode args) {
    Map<String, Object> out = new HashMap<>(vars);
    out.put("args", CelValues.toCelMap(args));
    return out;
  }

  /**
   * The {@code session} variable derived from the session's history: its id, every earlier call,
   * and each declared list computed from the allowed calls of its tool. O(number of lists): the
   * calls and lists are views over the session's log, each call converted once per snapshot.
   */
  static Map<String, Object> session(PolicySnapshot s, CallInput in) throws CelEvaluationException {
    SessionView view = in.session();
    Map<String, List<Object>> lists = view.lists(s);
    if (lists == null) {
      lists = walk(s, view.calls());
    }
    Map<String, Object> out = new HashMap<>(8);
    out.put("id", in.principal().sessionId());
    out.put("calls", view.celCalls());
    out.putAll(lists);
    return out;
  }

  /** The session lists of {@code calls} derived call by call (for a view older than its log's array). */
  private static Map<String, List<Object>> walk(PolicySnapshot s, List<SessionView.Call> calls)
      throws CelEvaluationException {
    List<PolicySnapshot.CompiledSessionList> specs = s.sessionListOrder();
    List<List<Object>> lists = new ArrayList<>(specs.size());
    specs.forEach(l -> lists.add(new ArrayList<>()));
    for (SessionView.Call c : calls) {
      if (c.decision() != Effect.ALLOW) {
        continue;
      }
      Object[] added = listValues(s, c);
      for (int j = 0; j < added.length; j++) {
        if (added[j] != null) {
          lists.get(j).add(added[j]);
        }
      }
    }
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (int j = 0; j < specs.size(); j++) {
      out.put(specs.get(j).spec().name(), Collections.unmodifiableList(lists.get(j)));
    }
    return out;
  }

  /**
   * What allowed call {@code c} adds to each session list of {@code s} (in its order; null for
   * nothing), evaluated once per call and snapshot.
   */
  static Object[] listValues(PolicySnapshot s, SessionView.Call c) throws CelEvaluationException {
    SessionView.Call.ListValues memo = c.listValues(s);
    if (memo != null) {
      return memo.byList();
    }
    List<PolicySnapshot.CompiledSessionList> specs = s.sessionListOrder();
    Object[] added = new Object[specs.size()];
    Map<String, Object> vars = null;
    for (int j = 0; j < specs.size(); j++) {
      PolicySnapshot.CompiledSessionList l = specs.get(j);
      if (l.spec().tool().equals(c.tool())) {
        vars = vars == null ? Map.of("call", c.celOnce()) : vars;
        Object v = l.value().eval(vars, NO_FUNCTIONS);
        if (!(v instanceof dev.cel.common.values.NullValue)) {
          added[j] = v;
        }
      }
    }
    c.listValues(new SessionView.Call.ListValues(s, added));
    return added;
  }

  /** Binds {@code effective_limit(name)} for this principal: "0" when either side lacks it. */
  static CelFunctionResolver functions(PolicySnapshot s, PrincipalView p) {
    return s.principalVars().of(p).functions();
  }
}
