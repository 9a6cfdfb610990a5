package dev.mcpbroker.bench;

import dev.mcpbroker.audit.bench.AuditAppendBenchmark;
import dev.mcpbroker.catalog.bench.SchemaValidationBenchmark;
import dev.mcpbroker.identity.bench.IdentityBenchmark;
import dev.mcpbroker.policy.bench.DecisionBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the stage benchmarks with a short profile and prints one line each: session-token cache
 * hit, schema validation, policy decision, action-token mint (JMH, average time per operation),
 * then durable audit appends with group commit (closed-loop appenders, as the request path uses
 * the log). {@code StageBenchmarks [--smoke]}.
 */
public final class StageBenchmarks {
  private StageBenchmarks() {}

  public static void main(String[] args) throws Exception {
    boolean smoke = java.util.Arrays.asList(args).contains("--smoke");
    var options = new OptionsBuilder()
        .include(IdentityBenchmark.class.getName() + "\\.(verifyCachedSessionToken|mintActionToken)$")
        .include(SchemaValidationBenchmark.class.getName() + "\\.")
        .include(DecisionBenchmark.class.getName() + "\\.")
        .mode(Mode.AverageTime)
        .timeUnit(TimeUnit.MICROSECONDS)
        .forks(1)
        .warmupIterations(smoke ? 1 : 2)
        .warmupTime(TimeValue.milliseconds(smoke ? 300 : 1000))
        .measurementIterations(smoke ? 1 : 3)
        .measurementTime(TimeValue.milliseconds(smoke ? 300 : 1000))
        .verbosity(VerboseMode.SILENT)
        .build();
    System.out.println("stage benchmarks (JMH, 1 fork, average time per operation):");
    Collection<RunResult> results = new Runner(options).run();
    for (RunResult r : results) {
      var s = r.getPrimaryResult();
      System.out.printf("  %-55s %9.3f us/op (+- %.3f)%n", r.getParams().getBenchmark()
          .replace("dev.mcpbroker.", ""), s.getScore(), Double.isNaN(s.getScoreError()) ? 0 : s.getScoreError());
    }
    System.out.println("audit append, durable (fsync group commit), closed-loop appenders:");
    Path dir = Files.createTempDirectory("audit-stage-");
    var key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    AuditAppendBenchmark.run(dir.resolve("warmup"), key, 8, 1, false);
    for (int appenders : new int[] {1, 32}) {
      AuditAppendBenchmark.run(dir.resolve("c" + appenders), key, appenders, smoke ? 1 : 3, true);
    }
  }
}
