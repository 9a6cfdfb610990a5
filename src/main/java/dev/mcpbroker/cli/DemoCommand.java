package dev.mcpbroker.cli;

import dev.mcpbroker.Broker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Runs the demo ({@link Demo}) until the process is stopped, and prints how to reach it: the
 * endpoints, a development session token, MCP Inspector command lines and a Claude Desktop entry.
 */
final class DemoCommand {
  private DemoCommand() {}

  static int run(Args args, PrintStream out) throws InterruptedException {
    Integer port = args.options().containsKey("port") ? args.port("port", 0) : null;
    Path data = Path.of(args.option("data", Demo.DEFAULT_DATA_DIR.toString()));
    Demo demo = Demo.start(Path.of(args.option("config", "config")), data, port, System.getenv());
    Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "demo-shutdown"));
    print(demo, args.options().containsKey("data") ? data : null, out);
    return Cli.KEEP_RUNNING;
  }

  /** Prints how to reach {@code demo}; {@code data} is the database directory when not the default. */
  static void print(Demo demo, Path data, PrintStream out) {
    Broker broker = demo.broker();
    out.println();
    out.println("MCP Broker demo");
    out.println("  broker (MCP endpoint):  " + broker.mcpUrl());
    out.println("  backends (reached only through the broker; each verifies action tokens):");
    out.println("    orders:       " + demo.ordersUrl());
    out.println("    refunds:      " + demo.refundsUrl());
    out.println("    escalations:  " + demo.escalationsUrl());
    out.println("  database:       " + demo.database().config().url());
    out.println("  admin API:      " + broker.adminUrl() + "  (metrics at /metrics; token in "
        + broker.adminTokenFile() + ")");
    out.println();
    String token = broker.identity().devIssuer() == null ? "<your session token>"
        : broker.identity().devIssuer().mint("demo-agent", "customer-42", Duration.ofMinutes(15), Set.of(), Map.of());
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
    out.println("A refund out of the blue is refused by policy (config/policies.yaml allows a refund only for an");
    out.println("order this MCP session looked up, and each CLI call is a session of its own):");
    out.println(inspector + " --method tools/call --tool-name issue_refund --tool-arg order_id=ord_0042"
        + " --tool-arg 'amount=\"20.00\"' --tool-arg currency=EUR --tool-arg \"reason=damaged in transit\"");
    out.println("An agent (Claude Desktop below) looks the order up and refunds it in one session.");
    out.println();
    out.println("See the money moved (after stopping the demo, which holds the database open):");
    out.println("  java -jar target/mcp-broker.jar ledger" + (data != null ? " --data '" + data + "'" : ""));
    out.println();
    out.println("Operators: the kill switch, tool switch, approvals and reload (admin token required):");
    out.println("  export ADMIN_TOKEN=$(cat '" + broker.adminTokenFile() + "')");
    out.println("  curl -s -H \"Authorization: Bearer $ADMIN_TOKEN\" " + broker.adminUrl() + "/admin/approvals");
    out.println("  curl -s -H \"Authorization: Bearer $ADMIN_TOKEN\" -H 'Content-Type: application/json' -d"
        + " '{\"kind\":\"agent\",\"id\":\"demo-agent\"}' " + broker.adminUrl() + "/admin/revocations");
    out.println("  curl -s " + broker.adminUrl() + "/metrics | grep mcp_broker_denials_total");
    out.println();
    // the header names an environment variable that mcp-remote substitutes: Claude Desktop on
    // Windows splits arguments at spaces, which would break "Authorization: Bearer ..." apart
    out.println("Claude Desktop (claude_desktop_config.json), through mcp-remote:");
    out.println("  {\"mcpServers\": {\"mcp-broker\": {\"command\": \"npx\", \"args\": [\"-y\", \"mcp-remote@0.15.1\", \""
        + broker.mcpUrl() + "\", \"--header\", \"Authorization:${MCP_BROKER_AUTH}\"], \"env\": {\"MCP_BROKER_AUTH\": \"Bearer "
        + token + "\"}}}}");
    out.println();
    out.println("Stop with Ctrl-C.");
  }
}
