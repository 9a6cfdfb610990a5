package dev.mcpbroker.policy;

import dev.cel.runtime.CelEvaluationException;
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
    Map<String, Object> sessionVar = session;
    if (sessionVar == null) {
      try {
        sessionVar = tr.usesSession() ? CallVars.session(s, in) : Map.of();
      } catch (CelEvaluationException | RuntimeException e) {
        return Verdict.deny(Reasons.POLICY_ERROR, "session: " + e.getMessage(), List.of(), List.of(), null);
      }
    }
    Map<String, Object> vars = CallVars.of(s, tr, in, facts, sessionVar);
    return Evaluator.evaluate(tr, in, vars, CallVars.functions(s, in.principal()));
  }
}
