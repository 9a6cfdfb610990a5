package dev.mcpbroker.cli;

import dev.mcpbroker.Broker;
import dev.mcpbroker.backends.orders.OrdersServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the demo: the reference backends on loopback ports of their own (the trust boundary stays
 * real HTTP) and the broker in front of them with {@code config/}, in one process.
 */
final class DemoCommand {
  private DemoCommand() {}

  static int run(Args args, PrintStream out) throws InterruptedException {
    OrdersServer orders = OrdersServer.start("127.0.0.1", 0);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("ORDERS_PORT", Integer.toString(orders.mcpUrl().getPort()));
    Broker broker;
    try {
      broker = RunCommand.start(Path.of(args.option("config", "config")), args, env);
    } catch (RuntimeException | InterruptedException e) {
      orders.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      orders.close();
    }, "demo-shutdown"));
    out.println();
    out.println("MCP Broker demo");
    out.println("  broker (MCP endpoint):  " + broker.mcpUrl());
    out.println("  orders backend:         " + orders.mcpUrl() + "  (reached only through the broker)");
    out.println();
    String token = broker.identity().devIssuer() == null ? "<your session token>"
        : broker.identity().devIssuer().mint("demo-agent", "customer-42", java.time.Duration.ofMinutes(15),
            java.util.Set.of(), java.util.Map.of());
    out.println("A development session token (agent demo-agent acting for customer-42, valid 15 minutes;");
    out.println("mint more with: java -jar target/mcp-broker.jar token mint --agent A --for S):");
    out.println("  export MCP_TOKEN=" + token);
    out.println();
    String inspector = "  npx -y @modelcontextprotocol/inspector@2.12.0 --cli " + broker.mcpUrl()
        + " --transport http --header \"Authorization: Bearer $MCP_TOKEN\"";
    out.println("Try it with the MCP Inspector CLI:");
    out.println(inspector + " --method tools/list");
    out.println(inspector + " --method tools/call --tool-name get_order --tool-arg order_id=ord_0042");
    out.println();
    out.println("Claude Desktop (claude_desktop_config.json), through mcp-remote:");
    out.println("  {\"mcpServers\": {\"mcp-broker\": {\"command\": \"npx\", \"args\": [\"-y\", \"mcp-remote\", \""
        + broker.mcpUrl() + "\", \"--header\", \"Authorization: Bearer " + token + "\"]}}}");
    out.println();
    out.println("Stop with Ctrl-C.");
    return Cli.KEEP_RUNNING;
  }
}
