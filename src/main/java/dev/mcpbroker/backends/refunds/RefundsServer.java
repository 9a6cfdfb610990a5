package dev.mcpbroker.backends.refunds;

import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.gate.CallGate;
import dev.mcpbroker.backends.orders.DemoSeed;
import dev.mcpbroker.backends.server.McpHttpServer;
import java.net.URI;
import java.nio.file.Path;

/**
 * Runs the {@code refunds} reference backend: an MCP server on Streamable HTTP at {@code /mcp}
 * serving {@code issue_refund} behind a {@link CallGate}. Holds its own secrets: the payments
 * provider's key and the database password come from its configuration and go nowhere else.
 */
public final class RefundsServer implements AutoCloseable {
  private final McpHttpServer http;

  private RefundsServer(McpHttpServer http) {
    this.http = http;
  }

  /**
   * Starts on {@code host:port} ({@code 0} for an ephemeral port), refunding orders of {@code db}
   * (the caller closes it) through {@code payments}, within {@code config}, behind {@code gate}.
   */
  public static RefundsServer start(
      String host,
      int port,
      Database db,
      RefundsConfig config,
      PaymentsProvider payments,
      CallGate gate) {
    RefundTools tools = new RefundTools(new RefundDesk(db, config, payments), gate);
    return new RefundsServer(McpHttpServer.start("refunds", host, port, tools::specifications));
  }

  /** Returns the MCP server itself (to change a tool mid-run, as {@link McpHttpServer#redefineTool}). */
  public McpHttpServer server() {
    return http;
  }

  /** Returns the MCP endpoint, {@code http://host:port/mcp}. */
  public URI mcpUrl() {
    return http.mcpUrl();
  }

  /** Closes the MCP sessions and stops Jetty; the database stays open. */
  @Override
  public void close() {
    http.close();
  }

  /**
   * Runs the backend as its own process: {@code RefundsServer [--port N]} on 127.0.0.1. Reads
   * {@code REFUNDS_DB_URL}, {@code REFUNDS_DB_USER}, {@code REFUNDS_DB_PASSWORD[_FILE]} (default:
   * an H2 file under {@code data/}), {@code REFUNDS_CAP} and {@code REFUNDS_PAYMENTS_KEY[_FILE]}.
   * Pays through the in-process fake provider. UNAUTHENTICATED
   * ({@link CallGate#OPEN}), for development only: a deployment runs {@code mcp-broker backend
   * refunds}, which verifies action tokens.
   */
  public static void main(String[] args) {
    int port;
    try {
      port = McpHttpServer.port(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\nusage: RefundsServer [--port N]");
      System.exit(2);
      return;
    }
    RefundsConfig config = RefundsConfig.fromEnv(System.getenv());
    Database db =
        Database.open(
            DatabaseConfig.fromEnv(System.getenv(), "REFUNDS_", Path.of("data")),
            DemoSeed.INSTANCE);
    RefundsServer server =
        start("127.0.0.1", port, db, config, new FakePaymentsProvider(config.paymentsKey()),
            CallGate.OPEN);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  db.close();
                },
                "refunds-shutdown"));
    System.out.println("refunds: MCP endpoint at " + server.mcpUrl() + " (" + config + ")");
  }
}
