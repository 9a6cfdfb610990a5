package dev.mcpbroker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the load benchmark of bench/run.sh in its smoke profile (a few seconds per cell) so that it
 * cannot rot: every row at every connection count must have made calls, and every call, session
 * and idle session must have succeeded. It asserts nothing about speed.
 */
class BenchSmokeTest {

  @Test
  void everyRowAnswersEveryCall() throws Exception {
    String nginx = installNginx();
    List<String> args = new ArrayList<>(List.of("--smoke"));
    if (nginx != null) {
      args.addAll(List.of("--nginx", nginx));
    } else {
      // only the nginx row depends on a Debian package; the broker rows still run
      System.err.println("BenchSmokeTest: nginx could not be installed; the nginx hop row is SKIPPED");
      args.addAll(List.of("--rows", "direct,broker,backend"));
    }
    BenchOptions options = BenchOptions.parse(args.toArray(String[]::new));
    BenchReport report = BenchRun.run(options, System.out);
    report.print(System.out);

    List<String> rows = new ArrayList<>(List.of("direct", "broker", "broker + reference backend"));
    if (nginx != null) {
      rows.add("nginx hop");
    }
    for (String row : rows) {
      for (int connections : options.connections()) {
        var cell = report.cell(row, connections);
        assertThat(cell).as(row + " at " + connections + " connections").isPresent();
        assertThat(cell.get().result().errorSamples()).as(row + " at " + connections + ": failed requests").isEmpty();
        assertThat(cell.get().result().errors()).as(row + " at " + connections + ": errors").isZero();
        assertThat(cell.get().result().calls()).as(row + " at " + connections + ": calls").isPositive();
      }
    }
    assertThat(report.memory()).as("idle-session check").isNotNull();
    assertThat(report.memory().errors()).as("idle sessions that failed").isZero();
    assertThat(report.memory().sessions()).as("idle sessions opened").isEqualTo(options.idleSessions());
  }

  /** Runs bench/nginx.sh (installs nginx from Debian's packages if missing); null if that fails. */
  private static String installNginx() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "bench/nginx.sh").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return p.waitFor() == 0 && !out.isEmpty() ? out : null;
  }
}
