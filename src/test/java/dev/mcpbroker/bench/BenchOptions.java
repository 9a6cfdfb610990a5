package dev.mcpbroker.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The options of {@code bench/run.sh} (see bench/README.md), with the smoke profile's defaults. */
record BenchOptions(boolean smoke, Duration warmup, Duration measure, List<Integer> connections, Set<String> rows,
    int idleSessions, boolean profile, Path configDir, String nginx, int loadThreads, Path runDir, Duration soak) {

  static final List<String> ALL_ROWS = List.of("direct", "nginx", "broker", "backend");

  static BenchOptions parse(String... args) {
    boolean smoke = Arrays.asList(args).contains("--smoke");
    Duration warmup = Duration.ofSeconds(smoke ? 1 : 10);
    Duration measure = Duration.ofSeconds(smoke ? 2 : 20);
    List<Integer> connections = smoke ? List.of(1, 8) : List.of(1, 32);
    Set<String> rows = new LinkedHashSet<>(ALL_ROWS);
    int idle = smoke ? 200 : 10_000;
    boolean profile = false;
    Path config = Path.of("bench", "config");
    String nginx = null;
    int threads = 2;
    Path runDir = null;
    Duration soak = Duration.ZERO;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--smoke" -> { }
        case "--profile" -> profile = true;
        case "--duration" -> measure = Duration.ofMillis((long) (Double.parseDouble(value(args, ++i, a)) * 1000));
        case "--warmup" -> warmup = Duration.ofMillis((long) (Double.parseDouble(value(args, ++i, a)) * 1000));
        case "--connections" -> connections = ints(value(args, ++i, a), a);
        case "--rows" -> rows = rows(value(args, ++i, a));
        case "--idle-sessions" -> idle = Integer.parseInt(value(args, ++i, a));
        case "--config" -> config = Path.of(value(args, ++i, a));
        case "--nginx" -> nginx = value(args, ++i, a);
        case "--load-threads" -> threads = Integer.parseInt(value(args, ++i, a));
        case "--run-dir" -> runDir = Path.of(value(args, ++i, a));
        case "--soak" -> soak = Duration.ofMillis((long) (Double.parseDouble(value(args, ++i, a)) * 60_000));
        default -> throw new IllegalArgumentException(a + ": unknown option (expected: --smoke, --duration S,"
            + " --warmup S, --connections 1,32, --rows direct,nginx,broker,backend, --idle-sessions N,"
            + " --profile, --config DIR, --nginx PATH, --load-threads N, --run-dir DIR, --soak MINUTES)");
      }
    }
    if (!Files.isRegularFile(config.resolve("policies.yaml"))) {
      throw new IllegalArgumentException("--config: " + config + " (expected: the directory of bench/config)");
    }
    return new BenchOptions(smoke, warmup, measure, connections, rows, idle, profile, config, nginx, threads, runDir,
        soak);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + ": missing value");
    }
    return args[i];
  }

  private static List<Integer> ints(String text, String option) {
    List<Integer> out = new ArrayList<>();
    for (String s : text.split(",")) {
      int n = Integer.parseInt(s.trim());
      if (n < 1) {
        throw new IllegalArgumentException(option + ": " + n + " (expected: >= 1)");
      }
      out.add(n);
    }
    return out;
  }

  private static Set<String> rows(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : text.split(",")) {
      if (!ALL_ROWS.contains(s.trim())) {
        throw new IllegalArgumentException("--rows: " + s + " (expected: some of " + ALL_ROWS + ")");
      }
      out.add(s.trim());
    }
    return out;
  }
}
