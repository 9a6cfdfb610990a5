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
    principal.put("scopes", p.sortedScopes());
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
   * and each declared list computed from the allowed calls of its tool.
   */
  static Map<String, Object> session(PolicySnapshot s, CallInput in) throws CelEvaluationException {
    Map<String, Object> out = new HashMap<>();
    List<Object> calls = new ArrayList<>(in.session().calls().size());
    Map<String, List<Object>> lists = new LinkedHashMap<>();
    s.sessionLists().keySet().forEach(k -> lists.put(k, new ArrayList<>()));
    for (SessionView.Call c : in.session().calls()) {
      Map<String, Object> call = c.cel();
      calls.add(call);
      if (c.decision() != Effect.ALLOW) {
        continue;
      }
      SessionView.Call.ListValues added = c.listValues(s);
      if (added == null) {
        List<Map.Entry<String, Object>> values = new ArrayList<>(1);
        for (PolicySnapshot.CompiledSessionList l : s.sessionLists().values()) {
          if (l.spec().tool().equals(c.tool())) {
            Object v = l.value().eval(Map.of("call", call), NO_FUNCTIONS);
            if (!(v instanceof dev.cel.common.values.NullValue)) {
              values.add(Map.entry(l.spec().name(), v));
            }
          }
        }
        added = new SessionView.Call.ListValues(s, List.copyOf(values));
        c.listValues(added);
      }
      for (Map.Entry<String, Object> e : added.values()) {
        lists.get(e.getKey()).add(e.getValue());
      }
    }
    out.put("id", in.principal().sessionId());
    out.put("calls", calls);
    out.putAll(lists);
    return out;
  }

  /** Binds {@code effective_limit(name)} for this principal: "0" when either side lacks it. */
  static CelFunctionResolver functions(PolicySnapshot s, PrincipalView p) {
    return CelLateFunctionBindings.from(CelFunctionBinding.from(CelEnv.EFFECTIVE_LIMIT_OVERLOAD, String.class,
        name -> s.entitlements().effective(p.agent(), p.subject(), name).map(d -> d.toPlainString()).orElse("0")));
  }
}
