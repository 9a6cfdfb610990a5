package dev.mcpbroker.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The benchmark's figures: one cell per row and connection count, the ratios, the memory check. */
public record BenchReport(BenchOptions options, List<Cell> cells, List<String> notes, Memory memory, Soak soak) {

  /** One row at one connection count: what the load generator measured and the CPU each process used. */
  public record Cell(String row, int connections, LoadGenerator.Result result, Map<String, Double> cpuSeconds) {
    long p(double percentile) {
      return result.latencyMicros().getTotalCount() == 0 ? 0 : result.latencyMicros().getValueAtPercentile(percentile);
    }
  }

  /** The idle-session check: sessions opened, errors, and the broker's heap after a full GC before and after. */
  public record Memory(long sessions, long errors, long heapBeforeBytes, long heapAfterBytes) {
    String describe() {
      return String.format("%d idle sessions: broker heap after full GC %.1f MB (before opening them %.1f MB;"
          + " %.1f KB per session), %d errors", sessions, heapAfterBytes / 1048576.0, heapBeforeBytes / 1048576.0,
          sessions == 0 ? 0 : (heapAfterBytes - heapBeforeBytes) / 1024.0 / sessions, errors);
    }
  }

  /**
   * The soak run: constant closed-loop load on the broker for minutes, the heap after a full GC
   * read every minute. Growth is the least-squares slope of those readings, in MB per minute.
   */
  public record Soak(int connections, double minutes, double perSecond, long errors, List<Long> heapBytes) {
    double slopeMbPerMinute() {
      int n = heapBytes.size();
      if (n < 2) {
        return 0;
      }
      double mx = (n - 1) / 2.0;
      double my = heapBytes.stream().mapToLong(Long::longValue).average().orElse(0) / 1048576.0;
      double num = 0;
      double den = 0;
      for (int i = 0; i < n; i++) {
        num += (i - mx) * (heapBytes.get(i) / 1048576.0 - my);
        den += (i - mx) * (i - mx);
      }
      return num / den;
    }

    String describe() {
      return String.format("soak: %d connections for %.1f min, %.0f calls/s, %d errors; heap after full GC each"
          + " minute (MB): %s; slope %+.2f MB/min", connections, minutes, perSecond, errors,
          heapBytes.stream().map(b -> String.format("%.1f", b / 1048576.0)).toList(), slopeMbPerMinute());
    }
  }

  /** True when every cell made calls and none failed, and the memory check (if run) had no errors. */
  public boolean allSucceeded() {
    return !cells.isEmpty() && cells.stream().allMatch(c -> c.result().errors() == 0 && c.result().calls() > 0)
        && (memory == null || (memory.errors() == 0 && memory.sessions() > 0))
        && (soak == null || soak.errors() == 0);
  }

  static String line(Cell c) {
    var r = c.result();
    StringBuilder cpu = new StringBuilder();
    for (String p : List.of("broker", "jit", "upstream", "nginx", "loadgen")) {
      Double v = c.cpuSeconds().get(p);
      cpu.append(String.format(" %8s", v == null ? "-" : String.format("%.1f", v)));
    }
    Double broker = c.cpuSeconds().get("broker");
    Double jit = c.cpuSeconds().get("jit");
    long calls = r.calls();
    cpu.append(String.format(" %9s", broker == null || jit == null || calls == 0 ? "-"
        : String.format("%.0f", (broker - jit) * 1e6 / calls)));
    return String.format("%-27s %5d %10.0f %8d %8d %9d %7d%s", c.row(), c.connections(), r.perSecond(),
        c.p(50), c.p(99), c.p(99.9), r.errors(), cpu);
  }

  /** Prints the table, the ratios from this same run, the memory check and the targets of issue #9. */
  public void print(PrintStream out) {
    out.printf("MCP Broker load benchmark: %.0f s warm-up + %.0f s measured per cell, %d cores, %s%n",
        options.warmup().toMillis() / 1e3, options.measure().toMillis() / 1e3,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
            + System.getProperty("java.version"));
    out.println("latencies in microseconds; CPU in seconds used during the measured window, per process"
        + " (jit: the broker's C1/C2 compiler threads, part of broker); us/call: the broker's CPU per call"
        + " without the JIT");
    out.printf("%-27s %5s %10s %8s %8s %9s %7s %8s %8s %8s %8s %8s %9s%n", "row", "conns", "calls/s", "p50", "p99",
        "p99.9", "errors", "broker", "jit", "upstream", "nginx", "loadgen", "us/call");
    cells.forEach(c -> out.println(line(c)));
    notes.forEach(n -> out.println("note: " + n));
    out.println();
    for (int conns : options.connections()) {
      Optional<Cell> broker = cell("broker", conns);
      for (String base : List.of("direct", "nginx hop")) {
        Optional<Cell> b = cell(base, conns);
        if (broker.isPresent() && b.isPresent()) {
          out.printf("broker / %-9s at %2d conn: throughput %.2f, p50 %+d us, p99 %+d us%n", base, conns,
              broker.get().result().perSecond() / b.get().result().perSecond(), broker.get().p(50) - b.get().p(50),
              broker.get().p(99) - b.get().p(99));
        }
      }
    }
    if (memory != null) {
      out.println("memory: " + memory.describe());
    }
    if (soak != null) {
      out.println(soak.describe());
    }
    targets(out);
  }

  private void targets(PrintStream out) {
    out.println();
    out.println("targets of issue #9 (meaningful only on a quiet machine, full profile):");
    int most = options.connections().stream().mapToInt(Integer::intValue).max().orElse(0);
    cell("broker", most).ifPresent(b -> {
      double rate = b.result().perSecond();
      target(out, "full path at " + most + " conns >= 15,000 calls/s", rate >= 15_000, String.format("%.0f", rate));
      target(out, "full path p99 < 10 ms", b.p(99) < 10_000, b.p(99) + " us");
      cell("nginx hop", most).ifPresent(n -> {
        double ratio = rate / n.result().perSecond();
        target(out, "full path >= 50% of the nginx hop's throughput", ratio >= 0.5, String.format("%.0f%%", ratio * 100));
      });
    });
    cell("broker", 1).ifPresent(b -> cell("direct", 1).ifPresent(d -> {
      long added = b.p(50) - d.p(50);
      target(out, "at 1 conn the broker adds <= 150 us at p50", added <= 150, added + " us");
    }));
    if (memory != null) {
      target(out, memory.sessions() + " idle sessions: heap < 512 MB", memory.heapAfterBytes() < 512L << 20,
          String.format("%.1f MB", memory.heapAfterBytes() / 1048576.0));
    }
    if (soak != null) {
      // readings after a full GC wander (a session's history is copied once per quarter of its
      // bound); a leak shows as a climb: the fitted growth over the run must stay under 5% of
      // the mean reading, or 8 MB
      double mean = soak.heapBytes().stream().mapToLong(Long::longValue).average().orElse(0) / 1048576.0;
      double growth = soak.slopeMbPerMinute() * soak.minutes();
      target(out, String.format("no heap growth over %.1f min at constant load", soak.minutes()),
          growth < Math.max(8, 0.05 * mean), String.format("%+.1f MB fitted over the run (mean %.0f MB)", growth, mean));
    }
  }

  private static void target(PrintStream out, String what, boolean met, String measured) {
    out.printf("  %-52s %-8s %s%n", what, met ? "MET" : "NOT MET", measured);
  }

  Optional<Cell> cell(String row, int connections) {
    return cells.stream().filter(c -> c.row().equals(row) && c.connections() == connections).findFirst();
  }
}
