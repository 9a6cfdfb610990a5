package dev.mcpbroker.backends.orders;

import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.gate.CallGate;
import dev.mcpbroker.backends.server.McpHttpServer;
import java.net.URI;
import java.nio.file.Path;

/**
 * Runs the {@code orders} reference backend: an MCP server on Streamable HTTP at {@code /mcp},
 * built with the MCP Java SDK on embedded Jetty, serving {@code get_order} and {@code list_orders}
 * from the database behind a {@link CallGate}. Runs in-process for tests or as its own process
 * through {@link #main}.
 */
public final class OrdersServer implements AutoCloseable {
  private final McpHttpServer http;
  private final Database owned;

  private OrdersServer(McpHttpServer http, Database owned) {
    this.http = http;
    this.owned = owned;
  }

  /**
   * Starts on {@code host:port} ({@code 0} for an ephemeral port) over a private in-memory
   * database holding the demo seed, dropped on {@link #close}; behind {@link CallGate#OPEN}.
   */
  public static OrdersServer start(String host, int port) {
    Database db = Database.open(DatabaseConfig.h2Memory(), DemoSeed.INSTANCE);
    try {
      return new OrdersServer(serve(host, port, db, CallGate.OPEN), db);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Starts on {@code host:port} serving {@code db} (the caller closes it) behind {@code gate}. */
  public static OrdersServer start(String host, int port, Database db, CallGate gate) {
    return new OrdersServer(serve(host, port, db, gate), null);
  }

  private static McpHttpServer serve(String host, int port, Database db, CallGate gate) {
    OrderTools tools = new OrderTools(new JdbcOrderBook(db), gate);
    return McpHttpServer.start("orders", host, port, tools::specifications);
  }

  /** Returns the MCP server itself (to change a tool mid-run, as {@link McpHttpServer#redefineTool}). */
  public McpHttpServer server() {
    return http;
  }

  /** Returns the MCP endpoint, {@code http://host:port/mcp}. */
  public URI mcpUrl() {
    return http.mcpUrl();
  }

  /** Closes the MCP sessions, stops Jetty, and closes the database if this server opened it. */
  @Override
  public void close() {
    try {
      http.close();
    } finally {
      if (owned != null) {
        owned.close();
      }
    }
  }

  /**
   * Runs the backend as its own process: {@code OrdersServer [--port N]} on 127.0.0.1, over the
   * database {@code ORDERS_DB_URL} ({@code ORDERS_DB_USER}, {@code ORDERS_DB_PASSWORD[_FILE]}),
   * by default an H2 file under {@code data/}. UNAUTHENTICATED
   * ({@link CallGate#OPEN}), for development only: a deployment runs {@code mcp-broker backend
   * orders}, which verifies action tokens.
   */
  public static void main(String[] args) {
    int port;
    try {
      port = port(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\nusage: OrdersServer [--port N]");
      System.exit(2);
      return;
    }
    Database db =
        Database.open(
            DatabaseConfig.fromEnv(System.getenv(), "ORDERS_", Path.of("data")), DemoSeed.INSTANCE);
    OrdersServer server = start("127.0.0.1", port, db, CallGate.OPEN);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  db.close();
                },
                "orders-shutdown"));
    System.out.println("orders: MCP endpoint at " + server.mcpUrl());
  }

  /** Reads {@code --port N} (default 0, an ephemeral port) from the command line. */
  static int port(String[] args) {
    return McpHttpServer.port(args);
  }
}
