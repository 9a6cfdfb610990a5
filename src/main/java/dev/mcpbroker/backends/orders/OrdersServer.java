package dev.mcpbroker.backends.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs the {@code orders} reference backend: an MCP server on Streamable HTTP at {@code /mcp},
 * built with the MCP Java SDK on embedded Jetty, serving {@code get_order} and {@code list_orders}.
 * Runs in-process for tests or as its own process through {@link #main}.
 */
public final class OrdersServer implements AutoCloseable {
  private final Server jetty;
  private final McpSyncServer mcp;
  private final URI mcpUrl;

  private OrdersServer(Server jetty, McpSyncServer mcp, URI mcpUrl) {
    this.jetty = jetty;
    this.mcp = mcp;
    this.mcpUrl = mcpUrl;
  }

  /** Starts on {@code host:port} ({@code 0} for an ephemeral port) with the seeded orders. */
  public static OrdersServer start(String host, int port) {
    return start(host, port, InMemoryOrderBook.seeded());
  }

  /** Starts on {@code host:port} ({@code 0} for an ephemeral port) serving {@code book}. */
  public static OrdersServer start(String host, int port, OrderBook book) {
    InetAddress address = resolve(host);
    McpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(mapper)
            .mcpEndpoint("/mcp")
            .securityValidator(hostGuard(host, address))
            .build();
    McpSyncServer mcp =
        McpServer.sync(transport)
            .serverInfo("orders", "0.1.0")
            .jsonMapper(mapper)
            .capabilities(ServerCapabilities.builder().tools(false).build()) // a fixed tool list
            .tools(new OrderTools(book).specifications(mapper))
            .build();
    Server jetty = new Server(new InetSocketAddress(address, port));
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true); // SSE responses outlive the servlet call
    context.addServlet(holder, "/*");
    jetty.setHandler(context);
    try {
      jetty.start();
    } catch (Exception e) {
      mcp.close();
      throw new IllegalStateException("orders: cannot listen on " + host + ":" + port, e);
    }
    int bound = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    String authority = host.contains(":") ? "[" + host + "]" : host;
    return new OrdersServer(jetty, mcp, URI.create("http://" + authority + ":" + bound + "/mcp"));
  }

  // Only the broker calls a backend: any Origin header is refused (no browser may reach it), and
  // an unexpected Host (DNS rebinding) is refused too.
  private static DefaultServerTransportSecurityValidator hostGuard(
      String host, InetAddress address) {
    List<String> hosts = new ArrayList<>(List.of(host + ":*"));
    if (address.isLoopbackAddress()) {
      hosts.addAll(List.of("localhost:*", "127.0.0.1:*", "[::1]:*"));
    }
    return DefaultServerTransportSecurityValidator.builder().allowedHosts(hosts).build();
  }

  private static InetAddress resolve(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("host: \"" + host + "\" (expected: a resolvable host)", e);
    }
  }

  /** Returns the MCP endpoint, {@code http://host:port/mcp}. */
  public URI mcpUrl() {
    return mcpUrl;
  }

  /** Closes the MCP sessions, then stops Jetty. */
  @Override
  public void close() {
    mcp.close();
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("orders: Jetty did not stop cleanly", e);
    }
  }

  /** Runs the backend as its own process: {@code OrdersServer [--port N]} on 127.0.0.1. */
  public static void main(String[] args) {
    int port;
    try {
      port = port(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\nusage: OrdersServer [--port N]");
      System.exit(2);
      return;
    }
    OrdersServer server = start("127.0.0.1", port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "orders-shutdown"));
    System.out.println("orders: MCP endpoint at " + server.mcpUrl());
  }

  /** Reads {@code --port N} (default 0, an ephemeral port) from the command line. */
  static int port(String[] args) {
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      if (!args[i].equals("--port") || i + 1 == args.length) {
        throw new IllegalArgumentException(
            "argument " + (i + 1) + ": \"" + args[i] + "\" (expected: --port N)");
      }
      String text = args[++i];
      try {
        port = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port: " + text + " (expected: 0 to 65535)");
      }
    }
    return port;
  }
}
