package dev.mcpbroker.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the load benchmark and prints its table (bench/README.md explains it). Each row is a
 * chain of separate processes on loopback, so that the CPU each one uses can be read on its own:
 *
 * <pre>
 *   direct            load generator -> fast upstream
 *   nginx             load generator -> nginx (keep-alive to the upstream) -> fast upstream
 *   broker            load generator -> broker (whole path) -> fast upstream
 *   backend           load generator -> broker (whole path) -> orders backend (H2 file database)
 * </pre>
 *
 * The load generator runs in this JVM. Every row runs at each connection count with a warm-up,
 * then a measured window; after the broker row the idle-session memory check runs on its broker.
 */
public final class BenchRun {
  private static final String AGENT = "bench-agent";
  private static final String SUBJECT = "customer-42";

  private final BenchOptions options;
  private final PrintStream out;
  private final Path dir;
  private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  // absolute: the processes run in directories of their own
  private final String classpath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
      .map(e -> Path.of(e).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  private final List<BenchReport.Cell> cells = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private BenchReport.Memory memory;
  private BenchReport.Soak soak;

  private BenchRun(BenchOptions options, PrintStream out) throws IOException {
    this.options = options;
    this.out = out;
    this.dir = options.runDir() != null ? Files.createDirectories(options.runDir())
        : Files.createTempDirectory("mcp-bench-");
  }

  /** Runs the rows {@code options} selects; progress goes to {@code out}, the table is returned. */
  public static BenchReport run(BenchOptions options, PrintStream out) throws IOException, InterruptedException {
    return new BenchRun(options, out).runAll();
  }

  private BenchReport runAll() throws IOException, InterruptedException {
    out.println("bench: run directory " + dir + " (process logs, audit log, database)");
    try (Launched upstream = Launched.start("fast-upstream", javaCommand(List.of(), "dev.mcpbroker.bench.FastUpstream"),
        dir.resolve("upstream"), Map.of(), Pattern.compile("listening on (\\d+)"))) {
      int up = Integer.parseInt(upstream.ready);
      if (options.rows().contains("direct")) {
        measureRow("direct", target(up, null), Map.of("upstream", upstream));
      }
      if (options.rows().contains("nginx")) {
        nginxRow(upstream, up);
      }
      if (options.rows().contains("broker")) {
        brokerRow("broker", dir.resolve("broker"), up, upstream, true);
      }
    }
    if (options.rows().contains("backend")) {
      Path home = dir.resolve("backend");
      int brokerPort = freePort();
      int ordersPort = freePort();
      try (Launched orders = Launched.start("orders-backend", javaCommand(List.of(), "dev.mcpbroker.Main", "backend",
          "orders", "--port", Integer.toString(ordersPort), "--broker-jwks",
          "http://127.0.0.1:" + brokerPort + "/.well-known/jwks.json"), home, Map.of(),
          Pattern.compile("orders: MCP endpoint at"))) {
        brokerRow("broker + reference backend", home, ordersPort, orders, false, brokerPort);
      }
    }
    return new BenchReport(options, cells, notes, memory, soak);
  }

  private void nginxRow(Launched upstream, int up) throws IOException, InterruptedException {
    String nginx = options.nginx() != null ? options.nginx() : findNginx();
    if (nginx == null) {
      String why = "nginx hop: SKIPPED, nginx is not installed (bench/nginx.sh installs it from Debian's packages)";
      notes.add(why);
      out.println("bench: " + why);
      return;
    }
    Path home = Files.createDirectories(dir.resolve("nginx"));
    int port = freePort();
    Files.writeString(home.resolve("nginx.conf"), """
        worker_processes auto;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 4096; }
        http {
          access_log off;
          # nginx closes a client connection after 1,000 requests by default; a closed loop must not
          # see that as a failure, and a pooled upstream connection should live as long
          keepalive_requests 10000000;
          keepalive_timeout 300s;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          upstream mcp { server 127.0.0.1:%2$d; keepalive 64; keepalive_requests 10000000; }
          server {
            listen 127.0.0.1:%3$d;
            location / {
              proxy_pass http://mcp;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
            }
          }
        }
        """.formatted(home, up, port));
    try (Launched n = Launched.startListening("nginx", List.of(nginx, "-p", home.toString(), "-e",
        home.resolve("error.log").toString(), "-c", home.resolve("nginx.conf").toString(), "-g", "daemon off;"),
        home, port)) {
      measureRow("nginx hop", target(port, null), Map.of("upstream", upstream, "nginx", n));
    }
  }

  private void brokerRow(String row, Path home, int upstreamPort, Launched upstream, boolean memoryCheck)
      throws IOException, InterruptedException {
    brokerRow(row, home, upstreamPort, upstream, memoryCheck, freePort());
  }

  private void brokerRow(String row, Path home, int upstreamPort, Launched upstream, boolean memoryCheck, int port)
      throws IOException, InterruptedException {
    if (memoryCheck && options.idleSessions() > 0) {
      // on a broker of its own, so that the sessions the rows leave behind (each remembering up to
      // a thousand calls until its idle timeout) are not counted as the idle sessions' cost
      Path fresh = home.resolveSibling(home.getFileName() + "-memory");
      int freshPort = freePort();
      try (Launched broker = launchBroker(fresh, upstreamPort, freshPort, List.of())) {
        String token = mintToken(fresh, fresh.resolve("config"), freshPort);
        prime(row + " (memory check)", target(freshPort, token));
        memory = idleSessions(broker, target(freshPort, token));
      }
    }
    List<String> jvm = new ArrayList<>();
    String extra = System.getenv("BENCH_BROKER_JVM_OPTS");
    if (extra != null && !extra.isBlank()) {
      jvm.addAll(List.of(extra.trim().split("\\s+")));
    }
    Path recording = home.resolve("broker.jfr");
    if (options.profile() && memoryCheck) {
      jvm.add("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true");
    }
    try (Launched broker = launchBroker(home, upstreamPort, port, jvm)) {
      String token = mintToken(home, home.resolve("config"), port);
      measureRow(row, target(port, token), Map.of("broker", broker, "upstream", upstream));
      if (memoryCheck && !options.soak().isZero()) {
        soak = soak(broker, target(port, token));
      }
    }
    if (options.profile() && memoryCheck) {
      out.println("bench: broker profile (JFR, whole broker row) in " + recording);
      JfrSummary.print(recording, out);
    }
  }

  /** Starts {@code mcp-broker run} in {@code home} on a copy of the benchmark's config. */
  private Launched launchBroker(Path home, int upstreamPort, int port, List<String> jvm)
      throws IOException, InterruptedException {
    Path config = Files.createDirectories(home.resolve("config"));
    for (String f : List.of("broker.yaml", "tools.yaml", "policies.yaml")) {
      Files.copy(options.configDir().resolve(f), config.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return Launched.start("broker", javaCommand(jvm, "dev.mcpbroker.Main", "run", "--config",
        config.toString(), "--port", Integer.toString(port)), home, Map.of("ORDERS_PORT", Integer.toString(upstreamPort)),
        Pattern.compile("MCP Broker listening on"));
  }

  private String mintToken(Path home, Path config, int port) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(javaCommand(List.of(), "dev.mcpbroker.Main", "token", "mint", "--config",
        config.toString(), "--port", Integer.toString(port), "--agent", AGENT, "--for", SUBJECT, "--ttl", "15m"))
        .directory(home.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("token mint failed: " + output);
    }
    String[] lines = output.split("\n");
    return lines[lines.length - 1].strip();
  }

  private void measureRow(String row, LoadGenerator.Target target, Map<String, Launched> procs)
      throws InterruptedException {
    prime(row, target);
    Launched broker = procs.get("broker");
    if (broker != null && !options.smoke()) {
      settleJit(row, target, broker);
    }
    for (int connections : options.connections()) {
      out.printf("bench: %s, %d connection%s: %.0f s warm-up + %.0f s measured%n", row, connections,
          connections == 1 ? "" : "s", options.warmup().toMillis() / 1e3, options.measure().toMillis() / 1e3);
      LoadGenerator lg = new LoadGenerator(target, options.loadThreads());
      List<Map<String, Double>> readings = new ArrayList<>();
      long self = ProcessHandle.current().pid();
      LoadGenerator.Result r;
      try {
        r = lg.closedLoop(connections, options.warmup(), options.measure(), () -> {
          Map<String, Double> now = new LinkedHashMap<>();
          procs.forEach((name, p) -> now.put(name, p.cpuSeconds()));
          if (broker != null) {
            now.put("jit", Proc.jitCpu(broker.pid()));
          }
          now.put("loadgen", Proc.ownCpu(self));
          readings.add(now);
        });
      } finally {
        lg.close();
      }
      Map<String, Double> cpu = new LinkedHashMap<>();
      if (readings.size() == 2) {
        readings.get(1).forEach((k, v) -> cpu.put(k, v - readings.get(0).get(k)));
      }
      BenchReport.Cell cell = new BenchReport.Cell(row, connections, r, cpu);
      cells.add(cell);
      out.println("bench:   " + BenchReport.line(cell));
      r.errorSamples().forEach(s -> out.println("bench:   error: " + s));
    }
  }

  /**
   * Waits until the chain answers one whole session (initialize, one call) without error, so that
   * a cold start (JIT, the backend's first database query and JWKS fetch, which can outlast the
   * policy's 2 s fact timeout on a busy machine) is not measured. Gives up after 60 s.
   */
  private void prime(String row, LoadGenerator.Target target) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (int attempt = 1; ; attempt++) {
      LoadGenerator lg = new LoadGenerator(target, 1);
      LoadGenerator.Result r;
      try {
        r = lg.openSessions(1, 1, 4);
      } finally {
        lg.close();
      }
      if (r.errors() == 0) {
        if (attempt > 1) {
          out.println("bench: " + row + " answered after " + attempt + " attempts");
        }
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(row + ": no successful call within 60 s: " + r.errorSamples());
      }
      out.println("bench: " + row + " not ready yet: " + r.errorSamples());
      Thread.sleep(500);
    }
  }

  /**
   * Drives the broker until its JIT compilers go quiet (under 2% of a core over 5 s), at most 3
   * minutes: on two shared cores C2 was still compiling the hot path a minute into a run, so a
   * fixed warm-up measured the compiler as much as the broker.
   */
  private void settleJit(String row, LoadGenerator.Target target, Launched broker) throws InterruptedException {
    int connections = options.connections().stream().mapToInt(Integer::intValue).max().orElse(1);
    long start = System.nanoTime();
    double before = Proc.jitCpu(broker.pid());
    while (true) {
      LoadGenerator lg = new LoadGenerator(target, options.loadThreads());
      try {
        lg.closedLoop(connections, Duration.ZERO, Duration.ofSeconds(5), () -> { });
      } finally {
        lg.close();
      }
      double now = Proc.jitCpu(broker.pid());
      long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      if (now - before < 0.1 || elapsed >= 180) {
        out.printf("bench: %s: JIT %s after %d s of load (compiler threads used %.1f s of CPU in the last 5 s)%n",
            row, now - before < 0.1 ? "settled" : "still busy", elapsed, now - before);
        return;
      }
      before = now;
    }
  }

  /** Opens idle sessions (initialize + one call each), forces GC, reads the broker's heap. */
  private BenchReport.Memory idleSessions(Launched broker, LoadGenerator.Target target) throws InterruptedException {
    int n = options.idleSessions();
    out.printf("bench: memory check: opening %d idle sessions on the broker (one call each)%n", n);
    long before = heapUsedAfterGc(broker.pid());
    LoadGenerator lg = new LoadGenerator(target, options.loadThreads());
    LoadGenerator.Result r;
    try {
      r = lg.openSessions(Math.min(16, n), n, 1);
      long after = heapUsedAfterGc(broker.pid());
      BenchReport.Memory m = new BenchReport.Memory(r.sessionsOpened(), r.errors(), before, after);
      out.println("bench:   " + m.describe());
      r.errorSamples().forEach(s -> out.println("bench:   error: " + s));
      return m;
    } finally {
      lg.close(); // closes the connections; the sessions stay (they end on the idle timeout)
    }
  }

  /**
   * Keeps the broker under constant closed-loop load (the largest connection count) for the soak
   * time, forcing a full GC and reading the heap once a minute.
   */
  private BenchReport.Soak soak(Launched broker, LoadGenerator.Target target) throws InterruptedException {
    int connections = options.connections().stream().mapToInt(Integer::intValue).max().orElse(1);
    double minutes = options.soak().toMillis() / 60_000.0;
    out.printf("bench: soak: %d connections for %.1f min, heap read after a full GC every minute%n", connections,
        minutes);
    LoadGenerator lg = new LoadGenerator(target, options.loadThreads());
    java.util.concurrent.CompletableFuture<LoadGenerator.Result> run = new java.util.concurrent.CompletableFuture<>();
    Thread driver = new Thread(() -> {
      try {
        // the load outlasts the last reading by 20 s, so that every reading is taken under load
        run.complete(lg.closedLoop(connections, Duration.ZERO, options.soak().plusSeconds(20), () -> { }));
      } catch (Throwable t) {
        run.completeExceptionally(t);
      }
    }, "bench-soak");
    driver.start();
    List<Long> heap = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int minute = 1; System.nanoTime() - start < options.soak().toNanos(); minute++) {
        long next = start + TimeUnit.MINUTES.toNanos(minute);
        long wait = Math.min(next, start + options.soak().toNanos()) - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        if (System.nanoTime() - start <= options.soak().toNanos() + TimeUnit.SECONDS.toNanos(1)) {
          heap.add(heapUsedAfterGc(broker.pid()));
          out.printf("bench:   minute %d: heap after full GC %.1f MB%n", minute, heap.get(heap.size() - 1) / 1048576.0);
        }
      }
      LoadGenerator.Result r = run.get(3, TimeUnit.MINUTES);
      r.errorSamples().forEach(s -> out.println("bench:   error: " + s));
      return new BenchReport.Soak(connections, minutes, r.perSecond(), r.errors(), heap);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the soak run failed", e);
    } finally {
      lg.close();
    }
  }

  /** Forces a full GC in {@code pid} and returns the heap it still uses, from jcmd GC.heap_info. */
  private static long heapUsedAfterGc(long pid) throws InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    jcmdOutput(jcmd, pid, "GC.run");
    String info = jcmdOutput(jcmd, pid, "GC.heap_info");
    Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("jcmd GC.heap_info: no 'used' figure in: " + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  private static String jcmdOutput(String jcmd, long pid, String command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("jcmd " + command + " failed", e);
    }
  }

  private List<String> javaCommand(List<String> jvmArgs, String main, String... args) {
    List<String> cmd = new ArrayList<>(List.of(javaBin));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", classpath, main));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static LoadGenerator.Target target(int port, String token) {
    return new LoadGenerator.Target("127.0.0.1", port, "/mcp", token);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String findNginx() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "nginx");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  /** {@code BenchRun [options]}: see bench/README.md. Exit code 1 when any request failed. */
  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    BenchReport report = run(options, System.out);
    System.out.println();
    report.print(System.out);
    System.exit(report.allSucceeded() ? 0 : 1);
  }
}
