package dev.mcpbroker.redteam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Collects each scenario's verdict and prints the suite's table: per threat, per layer, failures. */
final class Summary {
  /** One scenario's verdict. */
  record Verdict(Scenario scenario, Set<Layer> stopped, List<String> problems) {}

  private final List<Verdict> verdicts = new ArrayList<>();

  synchronized void add(Verdict v) {
    verdicts.add(v);
  }

  synchronized String table() {
    StringBuilder out = new StringBuilder("\n=== Red-team suite: " + verdicts.size() + " scenarios, "
        + verdicts.stream().filter(v -> v.problems().isEmpty()).count() + " passed ===\n");
    out.append(String.format("%n%-6s %-38s %9s %7s%n", "threat", "name", "scenarios", "failed"));
    for (Map.Entry<String, String> t : Threats.NAMES.entrySet()) {
      List<Verdict> of = verdicts.stream().filter(v -> v.scenario().threats().contains(t.getKey())).toList();
      if (!of.isEmpty()) {
        out.append(String.format("%-6s %-38s %9d %7d%n", t.getKey(), t.getValue(), of.size(),
            of.stream().filter(v -> !v.problems().isEmpty()).count()));
      }
    }
    out.append(String.format("%n%-16s %9s %8s %7s   %s%n", "layer", "scenarios", "blocked", "failed",
        "(blocked: the named layer did stop a call; the others are judged by the ledger alone)"));
    Map<Layer, int[]> layers = new TreeMap<>();
    for (Verdict v : verdicts) {
      int[] c = layers.computeIfAbsent(v.scenario().layer(), l -> new int[3]);
      c[0]++;
      c[1] += v.stopped().contains(v.scenario().layer()) ? 1 : 0;
      c[2] += v.problems().isEmpty() ? 0 : 1;
    }
    layers.forEach((l, c) -> out.append(String.format("%-16s %9d %8d %7d%n", l, c[0], c[1], c[2])));
    List<Verdict> failed = verdicts.stream().filter(v -> !v.problems().isEmpty()).toList();
    out.append("\nfailures: ").append(failed.isEmpty() ? "none" : "").append('\n');
    for (Verdict v : failed) {
      out.append("  ").append(v.scenario().id()).append(" ").append(v.scenario().title()).append('\n');
      v.problems().forEach(p -> out.append("      ").append(p).append('\n'));
    }
    return out.toString();
  }
}
