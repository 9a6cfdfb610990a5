package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.CanonicalJson;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the test cases embedded in a policy file. Each case runs alone, with fresh rate limits,
 * budgets and approvals, and with the {@code session} and {@code facts} the case states instead of
 * live history and look-ups.
 */
final class EmbeddedTests {
  private EmbeddedTests() {}

  /** The outcome of one case; {@code message} says what differed (empty when it passed). */
  record Result(String name, int line, boolean passed, Decision decision, String message) {}

  static List<Result> run(PolicySnapshot s) {
    List<Result> out = new ArrayList<>();
    for (PolicyTestCase t : s.tests()) {
      Decision d = decide(s, t);
      String problem = compare(t, d);
      out.add(new Result(t.name(), t.line(), problem.isEmpty(), d, problem));
    }
    return out;
  }

  /** Fails the load at the first failing case. */
  static void requireAllPass(PolicySnapshot s) {
    for (PolicyTestCase t : s.tests()) {
      String problem = compare(t, decide(s, t));
      if (!problem.isEmpty()) {
        throw new PolicyException(s.fileName() + ":" + t.line() + ": " + t.path() + " \"" + t.name()
            + "\": " + problem);
      }
    }
  }

  static Decision decide(PolicySnapshot s, PolicyTestCase t) {
    CallInput in = new CallInput(t.principal(), t.tool(), t.args(), SessionView.EMPTY, t.now());
    ToolRules tr = s.rulesFor(t.tool()).orElse(null);
    if (tr == null) {
      return Decision.deny(Reasons.UNKNOWN_TOOL, s.version(), t.args(), "tool: \"" + t.tool() + "\" is not in the catalog");
    }
    for (String name : tr.facts()) {
      if (!t.facts().has(name)) {
        return Decision.deny(Reasons.FACT_UNAVAILABLE, s.version(), t.args(), "facts." + name + ": not given by the test");
      }
    }
    Map<String, Object> facts = CelValues.toCelMap(t.facts());
    Map<String, Object> session = new HashMap<>(CelValues.toCelMap(t.session()));
    session.putIfAbsent("id", t.principal().sessionId());
    session.putIfAbsent("calls", List.of());
    s.sessionLists().keySet().forEach(k -> session.putIfAbsent(k, List.of()));
    Verdict v = Verdicts.of(s, tr, in, facts, session);
    ObligationGate gate = new ObligationGate(new Ledger(), new Approvals(Clock.fixed(t.now(), ZoneOffset.UTC)));
    return gate.finish(s.version(), in, v, v.finalArgs() == null ? t.args() : v.finalArgs());
  }

  static String compare(PolicyTestCase t, Decision d) {
    List<String> diffs = new ArrayList<>();
    String got = d.effect().yamlName() + (d.reason().isEmpty() ? "" : " (" + d.reason() + ")")
        + (d.detail().isEmpty() ? "" : " [" + d.detail() + "]");
    if (d.effect() != t.expectDecision()) {
      diffs.add("decision: " + got + " (expected: " + t.expectDecision().yamlName() + ")");
    }
    t.expectReason().filter(r -> !r.equals(d.reason()))
        .ifPresent(r -> diffs.add("reason: \"" + d.reason() + "\" (expected: \"" + r + "\")"
            + (d.detail().isEmpty() ? "" : " [" + d.detail() + "]")));
    t.expectRules().filter(r -> !r.equals(d.ruleIds()))
        .ifPresent(r -> diffs.add("rules: " + d.ruleIds() + " (expected: " + r + ")"));
    t.expectRewritten().ifPresent(exp -> exp.fields().forEachRemaining(e -> {
      JsonNode actual = d.finalArgs().get(e.getKey());
      if (!sameJson(e.getValue(), actual)) {
        diffs.add("rewritten." + e.getKey() + ": " + (actual == null ? "absent" : actual)
            + " (expected: " + (e.getValue().isNull() ? "absent" : e.getValue()) + ")");
      }
    }));
    return String.join("; ", diffs);
  }

  /** Compares canonical forms, so that 5 and 5.0 agree; an expected null means absent. */
  private static boolean sameJson(JsonNode expected, JsonNode actual) {
    if (expected.isNull()) {
      return actual == null || actual.isNull();
    }
    if (actual == null) {
      return false;
    }
    ObjectNode a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().set("v", actual);
    ObjectNode b = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().set("v", expected);
    return Arrays.equals(CanonicalJson.canonicalize(a), CanonicalJson.canonicalize(b));
  }
}
