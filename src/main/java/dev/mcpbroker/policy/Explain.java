package dev.mcpbroker.policy;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Prints, for one call, how each rule of its tool came out and the decision that follows. */
final class Explain {
  private Explain() {}

  static void print(PolicySnapshot s, PolicyTestCase call, PrintStream out) {
    out.println("policy " + s.version());
    PrincipalView p = call.principal();
    out.println("call " + call.tool() + " by " + p.agent() + " for " + p.subject() + " " + call.args());
    ToolRules tr = s.rulesFor(call.tool()).orElse(null);
    if (tr == null) {
      out.println("decision deny (" + Reasons.UNKNOWN_TOOL + "): the tool is not in the catalog");
      return;
    }
    if (!tr.facts().isEmpty()) {
      out.println("facts read: " + String.join(", ", tr.facts()));
    }
    Map<String, Object> session = new HashMap<>(CelValues.toCelMap(call.session()));
    session.putIfAbsent("id", p.sessionId());
    session.putIfAbsent("calls", List.of());
    s.sessionLists().keySet().forEach(k -> session.putIfAbsent(k, List.of()));
    CallInput in = new CallInput(p, call.tool(), call.args(), SessionView.EMPTY, call.now());
    Verdict v = Verdicts.of(s, tr, in, CelValues.toCelMap(call.facts()), session);
    for (int i = 0; i < v.trace().size(); i++) {
      Verdict.RuleTrace t = v.trace().get(i);
      CompiledRule r = tr.rules().get(i);
      out.printf("rule %-32s %-6s%s %-8s when %s%s%n", t.ruleId(), r.spec().effect().name().toLowerCase(),
          t.shadow() ? " (shadow)" : "", t.outcome().name().toLowerCase().replace('_', ' '),
          CelEnv.quote(r.spec().when()), t.detail().isEmpty() ? "" : " -> " + t.detail());
    }
    Decision d = EmbeddedTests.decide(s, call);
    out.println("decision " + d.effect().yamlName() + (d.reason().isEmpty() ? "" : " (" + d.reason() + ")")
        + " by " + d.ruleIds() + (d.detail().isEmpty() ? "" : ": " + d.detail()));
    if (!d.finalArgs().equals(d.originalArgs())) {
      out.println("final args " + d.finalArgs());
    }
    d.obligations().ifPresent(o -> out.println("obligations " + o));
    d.shadow().ifPresent(sh -> out.println("shadow " + sh.effect().yamlName()
        + (sh.reason().isEmpty() ? "" : " (" + sh.reason() + ")") + " matched " + sh.matched()
        + (sh.differs() ? ", differs from the decision" : "")));
  }
}
