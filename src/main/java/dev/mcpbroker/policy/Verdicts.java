package dev.mcpbroker.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionResolver;
import java.util.List;
import java.util.Map;

/** Builds a call's variables and evaluates its tool's rules; shared by the engine and the tests. */
final class Verdicts {
  private Verdicts() {}

  /**
   * Evaluates {@code tr} for {@code in}; {@code session} replaces the variable derived from the
   * session history when not {@code null} (embedded tests state it directly).
   */
  static Verdict of(PolicySnapshot s, ToolRules tr, CallInput in, Map<String, Object> facts,
      Map<String, Object> session) {
    return of(s, tr, in, facts, session, null, null);
  }

  /**
   * As above, completing {@code vars} (the call's variables built earlier for the fact look-ups,
   * without facts and session) instead of building them again; null builds them.
   */
  static Verdict of(PolicySnapshot s, ToolRules tr, CallInput in, Map<String, Object> facts,
      Map<String, Object> session, Map<String, Object> vars, CelFunctionResolver functions) {
    Map<String, Object> sessionVar = session;
    if (sessionVar == null) {
      try {
        sessionVar = tr.usesSession() ? CallVars.session(s, in) : Map.of();
      } catch (CelEvaluationException | RuntimeException e) {
        return Verdict.deny(Reasons.POLICY_ERROR, "session: " + e.getMessage(), List.of(), List.of(), null);
      }
    }
    if (vars == null) {
      vars = CallVars.of(s, tr, in, facts, sessionVar);
    } else {
      vars.put("facts", facts);
      vars.put("session", sessionVar);
    }
    return Evaluator.evaluate(tr, in, vars, functions != null ? functions : CallVars.functions(s, in.principal()));
  }
}
