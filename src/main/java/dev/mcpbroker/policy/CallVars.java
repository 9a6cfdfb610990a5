package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.CelLateFunctionBindings;
import java.util.ArrayList;
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
    PrincipalView p = in.principal();
    Map<String, Object> principal = new HashMap<>(12);
    principal.put("agent", p.agent());
    principal.put("subject", p.subject());
    principal.put("actors", p.actors());
    principal.put("scopes", p.scopes().stream().sorted().toList());
    principal.put("session", p.sessionId());
    Map<String, Object> limits = new LinkedHashMap<>();
    s.entitlements().effectiveAll(p.agent(), p.subject()).forEach((k, v) -> limits.put(k, v.toPlainString()));
    principal.put("entitlements", limits);
    vars.put("principal", principal);
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
   * and each declared list computed from the allowed calls of its tool. What each call contributes
   * is computed once per call and snapshot (see {@link SessionView.Call}), so a decision costs a
   * walk over the history, not a conversion and an evaluation per earlier call.
   */
  static Map<String, Object> session(PolicySnapshot s, CallInput in) throws CelEvaluationException {
    List<SessionView.Call> history = in.session().calls();
    List<Object> calls = new ArrayList<>(history.size());
    PolicySnapshot.CompiledSessionList[] specs =
        s.sessionLists().values().toArray(PolicySnapshot.CompiledSessionList[]::new);
    List<List<Object>> lists = new ArrayList<>(specs.length);
    for (int i = 0; i < specs.length; i++) {
      lists.add(new ArrayList<>());
    }
    for (SessionView.Call c : history) {
      calls.add(c.cel());
      if (c.decision() != Effect.ALLOW || specs.length == 0) {
        continue;
      }
      Object[] values = c.listValues(s);
      if (values == null) {
        values = listValues(specs, c);
        c.rememberListValues(s, values);
      }
      for (int i = 0; i < specs.length; i++) {
        if (values[i] != null) {
          lists.get(i).add(values[i]);
        }
      }
    }
    Map<String, Object> out = new HashMap<>();
    out.put("id", in.principal().sessionId());
    out.put("calls", calls);
    for (int i = 0; i < specs.length; i++) {
      out.put(specs[i].spec().name(), lists.get(i));
    }
    return out;
  }

  /** What {@code c} adds to each list: the list's value expression, or null (not its tool, or null). */
  private static Object[] listValues(PolicySnapshot.CompiledSessionList[] specs, SessionView.Call c)
      throws CelEvaluationException {
    Object[] values = new Object[specs.length];
    for (int i = 0; i < specs.length; i++) {
      if (specs[i].spec().tool().equals(c.tool())) {
        Object v = specs[i].value().eval(Map.of("call", c.cel()), NO_FUNCTIONS);
        values[i] = v instanceof dev.cel.common.values.NullValue ? null : v;
      }
    }
    return values;
  }

  /** Binds {@code effective_limit(name)} for this principal: "0" when either side lacks it. */
  static CelFunctionResolver functions(PolicySnapshot s, PrincipalView p) {
    return CelLateFunctionBindings.from(CelFunctionBinding.from(CelEnv.EFFECTIVE_LIMIT_OVERLOAD, String.class,
        name -> s.entitlements().effective(p.agent(), p.subject(), name).map(d -> d.toPlainString()).orElse("0")));
  }
}
