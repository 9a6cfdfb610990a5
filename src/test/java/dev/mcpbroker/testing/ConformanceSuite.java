package dev.mcpbroker.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the official MCP conformance suite ({@code @modelcontextprotocol/conformance}, on the Node
 * 22 that integration-tests/install-node-tools.sh installs) against a server URL.
 */
public final class ConformanceSuite {
  public static final Path NODE_DIR = Path.of(System.getProperty("mcpbroker.node.dir", "integration-tests/node"));
  private static final long TIMEOUT_MINUTES = 5;

  private ConformanceSuite() {}

  /** The suite's exit code and everything it printed. */
  public record Result(boolean finished, int exitCode, String output) {}

  /**
   * Runs {@code suite} ("active" or "all") for {@code specVersion} against {@code url}; output and
   * per-scenario results go under {@code outputDir}.
   */
  public static Result run(URI url, String specVersion, String suite, Path expectedFailures, Path outputDir)
      throws IOException, InterruptedException {
    Path results = outputDir.resolve(specVersion);
    Files.createDirectories(results);
    Path log = outputDir.resolve(specVersion + ".log");
    Path bin = NODE_DIR.resolve("node_modules/.bin");
    List<String> command = new ArrayList<>(List.of(
        bin.resolve("node").toString(), bin.resolve("conformance").toString(), "server",
        "--url", url.toString(), "--suite", suite, "--spec-version", specVersion, "-o", results.toString()));
    if (expectedFailures != null) {
      command.add("--expected-failures");
      command.add(expectedFailures.toString());
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    return new Result(finished, finished ? process.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8));
  }
}
