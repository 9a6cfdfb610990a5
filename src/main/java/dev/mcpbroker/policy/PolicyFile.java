package dev.mcpbroker.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds {@code policies.yaml} as parsed and shape-checked, before any CEL is compiled.
 *
 * @param sessionCallCap the hard cap on tool calls per session ({@code 0} for none)
 * @param signals named conditions counted on allowed calls, by name
 */
record PolicyFile(
    int version,
    Entitlements roles,
    long sessionCallCap,
    Map<String, FactSpec> facts,
    Map<String, SessionListSpec> sessionLists,
    Map<String, SignalSpec> signals,
    List<RuleSpec> rules,
    List<PolicyTestCase> tests) {
  PolicyFile {
    if (version != 1) {
      throw new IllegalArgumentException("version: " + version + " (expected: 1)");
    }
    if (sessionCallCap < 0) {
      throw new IllegalArgumentException("limits.session_calls: " + sessionCallCap + " (expected: >= 0)");
    }
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    sessionLists = Collections.unmodifiableMap(new LinkedHashMap<>(sessionLists));
    signals = Collections.unmodifiableMap(new LinkedHashMap<>(signals));
    rules = List.copyOf(rules);
    tests = List.copyOf(tests);
  }
}
