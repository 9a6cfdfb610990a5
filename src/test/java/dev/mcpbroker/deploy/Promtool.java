package dev.mcpbroker.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code promtool}, installed on first use by {@code integration-tests/prometheus.sh
 * install} (which prints only the directory holding {@code prometheus} and {@code promtool}).
 */
final class Promtool {
  /** A finished promtool run: exit code and everything it printed. */
  record Result(int exitCode, String output) {}

  private static Path dir;

  private Promtool() {}

  /** Runs {@code promtool args...} in the repository root. */
  static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binDir().resolve("promtool").toString());
    command.addAll(List.of(args));
    return exec(command, 120);
  }

  static synchronized Path binDir() throws IOException, InterruptedException {
    if (dir == null) {
      Process p = new ProcessBuilder("bash", "integration-tests/prometheus.sh", "install")
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("integration-tests/prometheus.sh install failed (see stderr): " + out);
      }
      Path found = Path.of(out);
      if (!Files.isExecutable(found.resolve("promtool")) || !Files.isExecutable(found.resolve("prometheus"))) {
        throw new IllegalStateException("prometheus.sh printed " + out + " (expected: a directory with promtool and prometheus)");
      }
      dir = found;
    }
    return dir;
  }

  private static Result exec(List<String> command, int seconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + ": no answer in " + seconds + "s\n" + out);
    }
    return new Result(p.exitValue(), out);
  }
}
