package dev.mcpbroker.audit.bench;

import dev.mcpbroker.audit.AuditEvent;
import dev.mcpbroker.audit.AuditLog;
import dev.mcpbroker.json.Json;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Measures sustained appends per second and append latency (enqueue to durable) with group
 * commit, for closed-loop appenders that each wait for their entry before sending the next, as
 * the broker's request path does; and what each entry costs: the process's CPU and the writer
 * thread's CPU (both including the kernel's, so the fsyncs count) per entry, and fsyncs per
 * second and entries per fsync. A load main, not a test: run it by hand, e.g.
 * {@code java -cp target/classes:target/test-classes:<deps> dev.mcpbroker.audit.bench.AuditAppendBenchmark [dir] [seconds] [appenders,...] [think-us] [outcomes]}.
 * With {@code think-us}, each appender pauses that long between appends, as a broker connection
 * does between its calls: arrivals spread out instead of all waking with the last fsync.
 */
public final class AuditAppendBenchmark {
  private AuditAppendBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("audit-bench");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    var key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    System.out.printf("dir %s, %d s per run, %d cpus%n", base, seconds,
        Runtime.getRuntime().availableProcessors());
    int[] counts = args.length > 2
        ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {1, 16, 32, 64};
    long thinkNanos = args.length > 3 ? Long.parseLong(args[3]) * 1000 : 0;
    boolean outcomes = args.length > 4 && args[4].equals("outcomes");
    run(base.resolve("warmup"), key, 16, 3, false, thinkNanos, outcomes);
    for (int appenders : counts) {
      run(base.resolve("c" + appenders), key, appenders, seconds, true, thinkNanos, outcomes);
    }
  }

  /** Runs {@code appenders} closed-loop appenders for {@code seconds} on a fresh log in {@code dir}. */
  public static void run(Path dir, java.security.KeyPair key, int appenders, int seconds,
      boolean print) throws Exception {
    run(dir, key, appenders, seconds, print, 0, false);
  }

  /**
   * As above, each appender pausing {@code thinkNanos} between appends and, with
   * {@code outcomes}, following each one with an entry it does not wait for, as a broker call
   * follows its decision with the upstream's outcome.
   */
  public static void run(Path dir, java.security.KeyPair key, int appenders, int seconds,
      boolean print, long thinkNanos, boolean outcomes) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    long[][] latencies = new long[appenders][];
    int[] counts = new int[appenders];
    CountDownLatch done = new CountDownLatch(appenders);
    try (AuditLog log = AuditLog.open(dir, AuditLog.Options.defaults(key))) {
      for (int t = 0; t < appenders; t++) {
        int id = t;
        latencies[t] = new long[1 << 18];
        Thread th = new Thread(() -> {
          int n = 0;
          while (!stop.get()) {
            AuditEvent e = event(id, n);
            long start = System.nanoTime();
            log.append(e).join();
            if (n < latencies[id].length) {
              latencies[id][n] = System.nanoTime() - start;
            }
            if (outcomes) {
              log.appendUnwaited(e);
            }
            n++;
            if (thinkNanos > 0) {
              java.util.concurrent.locks.LockSupport.parkNanos(thinkNanos);
            }
          }
          counts[id] = n;
          done.countDown();
        });
        th.start();
      }
      Thread writer = writerThread();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long syncs0 = log.segmentSyncs();
      long appended0 = log.appended();
      long cpu0 = processCpuNanos();
      long writerCpu0 = threads.getThreadCpuTime(writer.getId());
      long writerUser0 = threads.getThreadUserTime(writer.getId());
      long start = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      stop.set(true);
      done.await();
      double elapsed = (System.nanoTime() - start) / 1e9;
      long cpu = processCpuNanos() - cpu0;
      long writerCpu = threads.getThreadCpuTime(writer.getId()) - writerCpu0;
      long writerSys = writerCpu - (threads.getThreadUserTime(writer.getId()) - writerUser0);
      long syncs = log.segmentSyncs() - syncs0;
      long durable = log.appended() - appended0;
      long total = Arrays.stream(counts).asLongStream().sum();
      long[] all = new long[(int) Math.min(total, Integer.MAX_VALUE - 8)];
      int k = 0;
      for (int t = 0; t < appenders; t++) {
        int n = Math.min(counts[t], latencies[t].length);
        System.arraycopy(latencies[t], 0, all, k, n);
        k += n;
      }
      long[] sorted = Arrays.copyOf(all, k);
      Arrays.sort(sorted);
      if (print) {
        System.out.printf("%2d appenders: %,9.0f entries/s  p50 %6.2f ms  p99 %6.2f ms  "
                + "p99.9 %6.2f ms  (%,d entries, %,d bytes on disk)%n",
            appenders, total / elapsed, sorted[k / 2] / 1e6, sorted[(int) (k * 0.99)] / 1e6,
            sorted[(int) (k * 0.999)] / 1e6, total, size(dir));
        System.out.printf("%2d appenders: cpu %6.1f us/entry (writer thread %5.1f, of it kernel "
                + "%5.1f)  %,7.0f fsyncs/s  %5.1f entries/fsync  %d checkpoints%n",
            appenders, cpu / 1e3 / durable, writerCpu / 1e3 / durable, writerSys / 1e3 / durable,
            syncs / elapsed,
            (double) durable / syncs, checkpoints(dir));
      }
    }
  }

  private static AuditEvent event(int thread, int n) {
    return AuditEvent.builder(AuditEvent.Type.DECISION)
        .principal("agent-" + thread, "customer-" + (n % 1000), List.of("support-bot"))
        .session("sess-" + thread)
        .tool("refund_order")
        .arguments(Json.NODES.objectNode().put("order_id", "ord-" + n).put("amount", 42.5)
            .put("card_last4", "4242"), Set.of("card_last4"))
        .decision(AuditEvent.Decision.ALLOW, "rule_matched", List.of("refunds.cap"))
        .policyVersion("2026-11-05.3")
        .actionTokenId("tok-" + thread + "-" + n)
        .build();
  }

  private static Thread writerThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("audit-writer") && t.isAlive())
        .findFirst().orElseThrow();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long checkpoints(Path dir) throws Exception {
    try (var lines = Files.lines(dir.resolve("checkpoints.jsonl"))) {
      return lines.count();
    }
  }

  private static long size(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
