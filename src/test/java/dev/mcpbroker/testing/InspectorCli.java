package dev.mcpbroker.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code @modelcontextprotocol/inspector-cli}, a real MCP client, against a server. */
public final class InspectorCli {
  private InspectorCli() {}

  /** The CLI's exit code and output. */
  public record Result(int exitCode, String output) {}

  /** Runs the CLI with {@code args} after the URL (for example {@code --method tools/list}). */
  public static Result run(URI url, String... args) throws IOException, InterruptedException {
    Path build = ConformanceSuite.NODE_DIR.resolve("node_modules/@modelcontextprotocol/inspector-cli/build").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of(
        ConformanceSuite.NODE_DIR.resolve("node_modules/.bin/node").toAbsolutePath().toString(),
        "index.js", url.toString(), "--transport", "http"));
    command.addAll(List.of(args));
    // 1.0.3 looks for its package.json relative to the working directory but imports it relative
    // to its module, so it must run from its own build directory
    Process p = new ProcessBuilder(command).directory(build.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "timed out");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
