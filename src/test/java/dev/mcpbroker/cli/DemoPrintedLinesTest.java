package dev.mcpbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.backends.refunds.LedgerView;
import dev.mcpbroker.testing.ConformanceSuite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs what the demo prints, as a user would paste it into a shell: the exported token and the
 * MCP Inspector command lines (with the locally installed inspector CLI in place of {@code npx}).
 */
class DemoPrintedLinesTest {
  private static Demo demo;
  private static List<String> printed;

  @BeforeAll
  static void start() throws Exception {
    Path root = Files.createTempDirectory("mcp-broker-demo-lines");
    Path config = Files.createDirectory(root.resolve("config"));
    Files.copy(Path.of("config/tools.yaml"), config.resolve("tools.yaml"));
    Files.copy(Path.of("config/policies.yaml"), config.resolve("policies.yaml"));
    Files.writeString(config.resolve("broker.yaml"), "auth:\n  devIssuer: true\n  devIssuerKeyFile: "
        + root.resolve("key.json") + "\n");
    demo = Demo.start(config, root.resolve("db"), 0, Map.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DemoCommand.print(demo, root.resolve("db"), new PrintStream(out, true, StandardCharsets.UTF_8));
    printed = out.toString(StandardCharsets.UTF_8).lines().map(String::strip).toList();
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  private static String line(String containing) {
    return printed.stream().filter(l -> l.contains(containing)).findFirst()
        .orElseThrow(() -> new AssertionError("no printed line contains " + containing + ": " + printed));
  }

  /** Runs {@code export MCP_TOKEN=...} then {@code command} in bash, the inspector CLI standing in for npx. */
  private static String shell(String command) throws Exception {
    Path build = ConformanceSuite.NODE_DIR.resolve("node_modules/@modelcontextprotocol/inspector-cli/build").toAbsolutePath();
    String node = ConformanceSuite.NODE_DIR.resolve("node_modules/.bin/node").toAbsolutePath().toString();
    String local = command.replace("npx -y @modelcontextprotocol/inspector@2.12.0 --cli ", "'" + node + "' index.js ");
    assertThat(local).as("the printed line names the inspector as expected").isNotEqualTo(command);
    Process p = new ProcessBuilder("bash", "-c", line("export MCP_TOKEN=") + "\n" + local)
        .directory(build.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void printedToolsList_showsAllFourTools() throws Exception {
    assertThat(shell(line("--method tools/list"))).contains("\"name\": \"get_order\"")
        .contains("\"name\": \"list_orders\"").contains("\"name\": \"issue_refund\"").contains("\"name\": \"escalate\"");
  }

  @Test
  void printedRefundLine_isRefusedByThePolicy_andMovesNoMoney() throws Exception {
    String output = shell(line("--tool-name issue_refund"));
    assertThat(output).contains("\"isError\": true").contains("refund_not_allowed");
    assertThat(new LedgerView(demo.database()).all()).isEmpty();
  }

  @Test
  void printedClaudeDesktopLine_carriesTheSameToken() {
    String token = line("export MCP_TOKEN=").substring("export MCP_TOKEN=".length());
    assertThat(line("\"mcp-remote\"")).contains(demo.broker().mcpUrl().toString()).contains("Bearer " + token);
  }
}
