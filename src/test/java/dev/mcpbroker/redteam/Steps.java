package dev.mcpbroker.redteam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The step kinds a scenario may use, with the keys each accepts. Every step is one kind (its first
 * key) plus the common keys: {@code as} (whose token is sent), {@code session} (which MCP session,
 * by name; created on first use), {@code note}, and {@code expect} or {@code expect_counts}.
 */
final class Steps {
  private Steps() {}

  static final Map<String, Set<String>> KINDS = Map.ofEntries(
      Map.entry("call", Set.of("args", "meta", "repeat")),          // tools/call name+arguments
      Map.entry("rpc", Set.of()),                                    // a raw JSON-RPC body, sent as is
      Map.entry("initialize", Set.of()),                             // initialize with the step's token
      Map.entry("oversized", Set.of()),                              // {bytes: N, chunked: bool}: a huge body
      Map.entry("direct", Set.of()),                                 // {backend, tool, args, token: mint|reuse|none}
      Map.entry("approve", Set.of()),                                // an operator approves: last | apr_...
      Map.entry("reject", Set.of()),                                 // an operator rejects: last | apr_...
      Map.entry("revoke", Set.of()),                                 // {kind: token|session|agent, of: principal}
      Map.entry("concurrent", Set.of("call", "args", "before", "sessions")), // N copies of one call at once
      Map.entry("cancel_race", Set.of("args", "before")),            // tools/call, then cancel it at once
      Map.entry("rug_pull", Set.of()),                               // {backend, tool, description?, add_property?}
      Map.entry("restore", Set.of()),                                // {backend, tool}: undo a rug pull
      Map.entry("list_tools", Set.of()));                            // tools/list

  private static final Set<String> COMMON = Set.of("as", "session", "note", "expect", "expect_counts");
  private static final Set<String> COUNT_KEYS = Set.of("allowed", "denied", "held", "backend_refused", "cancelled");

  /** Returns the kind of {@code step}: its first key. */
  static String kind(ObjectNode step) {
    return step.fieldNames().next();
  }

  static void validate(ObjectNode step, String where, Set<String> principals) {
    if (step.isEmpty() || !KINDS.containsKey(kind(step))) {
      throw new IllegalArgumentException(where + ": kind \"" + (step.isEmpty() ? "" : kind(step))
          + "\" (expected: the first key is one of " + KINDS.keySet() + ")");
    }
    Set<String> allowed = new HashSet<>(COMMON);
    allowed.add(kind(step));
    allowed.addAll(KINDS.get(kind(step)));
    Scenario.keys(step, allowed, where);
    String as = step.path("as").asText(Scenario.DEFAULT);
    if (!principals.contains(as)) {
      throw new IllegalArgumentException(where + ": as \"" + as + "\" (expected: one of " + principals + ")");
    }
    boolean counted = step.has("repeat") || kind(step).equals("concurrent");
    if (counted != step.has("expect_counts") || (!counted && !step.has("expect") && needsExpect(kind(step)))) {
      throw new IllegalArgumentException(where + ": " + (counted
          ? "expect_counts (expected: with repeat or concurrent, instead of expect)"
          : "expect: missing (every call states its expected outcome)"));
    }
    if (step.has("expect")) {
      Expect.validate(step.get("expect"), where + ": expect");
    }
    if (step.has("expect_counts")) {
      Scenario.keys(step.get("expect_counts"), COUNT_KEYS, where + ": expect_counts");
    }
    for (JsonNode before : step.path("before")) {
      if (!(before instanceof ObjectNode b)) {
        throw new IllegalArgumentException(where + ": before: not a mapping");
      }
      validate(b, where + ": before", principals);
    }
  }

  private static boolean needsExpect(String kind) {
    return !List.of("restore").contains(kind);
  }
}
