package dev.mcpbroker.backends.escalations;

import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.gate.CallGate;
import dev.mcpbroker.backends.orders.DemoSeed;
import dev.mcpbroker.backends.server.McpHttpServer;
import java.net.URI;
import java.nio.file.Path;

/**
 * Runs the {@code escalations} reference backend: an MCP server on Streamable HTTP at {@code /mcp}
 * serving {@code escalate} behind a {@link CallGate}; {@link TicketDesk#list} shows the tickets.
 */
public final class EscalationsServer implements AutoCloseable {
  private final McpHttpServer http;

  private EscalationsServer(McpHttpServer http) {
    this.http = http;
  }

  /** Starts on {@code host:port} ({@code 0}: ephemeral) over {@code db} (the caller closes it). */
  public static EscalationsServer start(String host, int port, Database db, CallGate gate) {
    EscalationTools tools = new EscalationTools(new TicketDesk(db), gate);
    return new EscalationsServer(
        McpHttpServer.start("escalations", host, port, tools::specifications));
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
   * Runs the backend as its own process: {@code EscalationsServer [--port N]} on 127.0.0.1, over
   * {@code ESCALATIONS_DB_URL} (default: an H2 file under {@code data/}). UNAUTHENTICATED
   * ({@link CallGate#OPEN}), for development only: a deployment runs {@code mcp-broker backend
   * escalations}, which verifies action tokens.
   */
  public static void main(String[] args) {
    int port;
    try {
      port = McpHttpServer.port(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\nusage: EscalationsServer [--port N]");
      System.exit(2);
      return;
    }
    Database db =
        Database.open(
            DatabaseConfig.fromEnv(System.getenv(), "ESCALATIONS_", Path.of("data")),
            DemoSeed.INSTANCE);
    EscalationsServer server = start("127.0.0.1", port, db, CallGate.OPEN);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  db.close();
                },
                "escalations-shutdown"));
    System.out.println("escalations: MCP endpoint at " + server.mcpUrl());
  }
}
