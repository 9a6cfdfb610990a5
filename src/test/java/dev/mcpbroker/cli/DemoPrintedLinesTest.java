package dev.mcpbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.backends.refunds.LedgerView;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.testing.ConformanceSuite;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs what the demo prints, as a user would paste it into a shell: the exported token and the
 * MCP Inspector command lines (with the locally installed inspector CLI in place of {@code npx});
 * and the Claude Desktop entry, through the mcp-remote it names.
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
    var before = new LedgerView(demo.database()).forOrder("ord_0042");
    String output = shell(line("--tool-name issue_refund"));
    assertThat(output).contains("\"isError\": true").contains("refund_not_allowed");
    assertThat(new LedgerView(demo.database()).forOrder("ord_0042")).isEqualTo(before);
  }

  @Test
  void printedClaudeDesktopLine_carriesTheSameToken() throws Exception {
    String token = line("export MCP_TOKEN=").substring("export MCP_TOKEN=".length());
    JsonNode server = Json.MAPPER.readTree(line("\"mcpServers\"")).path("mcpServers").path("mcp-broker");
    assertThat(server.path("args").toString()).contains(demo.broker().mcpUrl().toString());
    assertThat(server.path("env").path("MCP_BROKER_AUTH").asText()).isEqualTo("Bearer " + token);
  }

  /**
   * Runs the printed Claude Desktop entry as Claude Desktop would, with the mcp-remote version it
   * names installed locally in place of npx: over its stdio, one MCP session looks an order up and
   * refunds part of it, which the shipped policy allows, and the ledger shows the refund.
   */
  @Test
  void printedClaudeDesktopEntry_throughMcpRemote_looksUpAndRefundsInOneSession() throws Exception {
    JsonNode server = Json.MAPPER.readTree(line("\"mcpServers\"")).path("mcpServers").path("mcp-broker");
    assertThat(server.path("command").asText()).isEqualTo("npx");
    List<String> args = new ArrayList<>();
    server.path("args").forEach(a -> args.add(a.asText()));
    assertThat(args.subList(0, 2)).containsExactly("-y", "mcp-remote@0.15.1");
    Path mcpRemote = ConformanceSuite.NODE_DIR.resolve("node_modules/mcp-remote").toAbsolutePath();
    assertThat(Json.MAPPER.readTree(mcpRemote.resolve("package.json").toFile()).path("version").asText())
        .as("the installed mcp-remote is the version the line names").isEqualTo("0.15.1");
    List<String> command = new ArrayList<>(List.of(
        ConformanceSuite.NODE_DIR.resolve("node_modules/.bin/node").toAbsolutePath().toString(),
        mcpRemote.resolve("dist/proxy.js").toString()));
    command.addAll(args.subList(2, args.size()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    server.path("env").fields().forEachRemaining(e -> pb.environment().put(e.getKey(), e.getValue().asText()));
    // mcp-remote keeps OAuth state under ~/.mcp-auth unless told otherwise; none is needed here
    pb.environment().put("MCP_REMOTE_CONFIG_DIR", Files.createTempDirectory("mcp-remote").toString());
    Process p = pb.start();
    try {
      BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String l; (l = r.readLine()) != null; ) {
            if (!l.isBlank()) {
              replies.add(Json.MAPPER.readTree(l));
            }
          }
        } catch (IOException e) {
          // the process ended
        }
      }, "mcp-remote-stdout");
      reader.setDaemon(true);
      reader.start();
      Writer stdin = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
      JsonNode init = rpc(stdin, replies, 1, "initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
          + "\"clientInfo\":{\"name\":\"claude-desktop-stand-in\",\"version\":\"1\"}}");
      assertThat(init.path("result").path("serverInfo").path("name").asText()).as(init.toString()).isEqualTo("mcp-broker");
      stdin.write("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
      stdin.flush();
      JsonNode order = rpc(stdin, replies, 2, "tools/call",
          "{\"name\":\"get_order\",\"arguments\":{\"order_id\":\"ord_0043\"}}");
      assertThat(order.path("result").path("structuredContent").path("customer_id").asText()).as(order.toString())
          .isEqualTo("customer-42");
      JsonNode refund = rpc(stdin, replies, 3, "tools/call", "{\"name\":\"issue_refund\",\"arguments\":"
          + "{\"order_id\":\"ord_0043\",\"amount\":\"5.00\",\"currency\":\"USD\",\"reason\":\"via mcp-remote\"}}");
      assertThat(refund.path("result").path("isError").asBoolean()).as(refund.toString()).isFalse();
      String refundId = refund.path("result").path("structuredContent").path("refund_id").asText();
      assertThat(new LedgerView(demo.database()).forOrder("ord_0043")).singleElement().satisfies(e -> {
        assertThat(e.refundId()).isEqualTo(refundId);
        assertThat(e.amount()).isEqualByComparingTo("5.00");
        assertThat(e.customerId()).isEqualTo("customer-42");
      });
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private static JsonNode rpc(Writer stdin, BlockingQueue<JsonNode> replies, int id, String method, String params)
      throws Exception {
    stdin.write("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}\n");
    stdin.flush();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      JsonNode reply = replies.poll(100, TimeUnit.MILLISECONDS);
      if (reply != null && reply.path("id").asInt(-1) == id) {
        return reply;
      }
    }
    throw new AssertionError("mcp-remote: no answer to " + method + " within 60 s");
  }
}
