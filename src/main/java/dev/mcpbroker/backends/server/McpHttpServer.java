package dev.mcpbroker.backends.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpbroker.backends.gate.RequestHeaders;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs an MCP server on Streamable HTTP at {@code /mcp}: the MCP Java SDK's servlet transport on
 * embedded Jetty, with a fixed tool list. Each HTTP request's {@code Authorization} header reaches
 * the tool handlers through {@link RequestHeaders}.
 */
public final class McpHttpServer implements AutoCloseable {
  private final String name;
  private final Server jetty;
  private final McpSyncServer mcp;
  private final URI mcpUrl;
  private final Map<String, SyncToolSpecification> served = new ConcurrentHashMap<>();

  private McpHttpServer(String name, Server jetty, McpSyncServer mcp, URI mcpUrl,
      List<SyncToolSpecification> tools) {
    this.name = name;
    this.jetty = jetty;
    this.mcp = mcp;
    this.mcpUrl = mcpUrl;
    tools.forEach(t -> served.put(t.tool().name(), t));
  }

  /**
   * Starts {@code name} on {@code host:port} ({@code 0} for an ephemeral port) serving the tools
   * {@code tools} builds with the server's JSON mapper.
   */
  public static McpHttpServer start(
      String name,
      String host,
      int port,
      Function<McpJsonMapper, List<SyncToolSpecification>> tools) {
    InetAddress address = resolve(host);
    McpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
    List<SyncToolSpecification> specs = tools.apply(mapper);
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(mapper)
            .mcpEndpoint("/mcp")
            .securityValidator(hostGuard(host, address))
            .contextExtractor(RequestHeaders.EXTRACTOR)
            .build();
    McpSyncServer mcp =
        McpServer.sync(transport)
            .serverInfo(name, "0.1.0")
            .jsonMapper(mapper)
            .capabilities(ServerCapabilities.builder().tools(false).build()) // a fixed tool list
            .tools(specs)
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
      throw new IllegalStateException(name + ": cannot listen on " + host + ":" + port, e);
    }
    int bound = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    String authority = host.contains(":") ? "[" + host + "]" : host;
    return new McpHttpServer(
        name, jetty, mcp, URI.create("http://" + authority + ":" + bound + "/mcp"), specs);
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

  /**
   * Changes the definition of the served tool {@code tool} (its handler stays) and announces it
   * with {@code notifications/tools/list_changed}: what an upstream that changes a tool mid-run
   * does. The broker must then withhold the tool until it is re-pinned; the red-team suite stages
   * its rug pulls with this. Returns the definition it replaced, so that a test can put it back.
   */
  public synchronized Tool redefineTool(String tool, UnaryOperator<Tool> change) {
    SyncToolSpecification before = served.get(tool);
    if (before == null) {
      throw new IllegalArgumentException("tool: \"" + tool + "\" (expected: one of " + served.keySet() + ")");
    }
    SyncToolSpecification after = SyncToolSpecification.builder().tool(change.apply(before.tool()))
        .callHandler(before.callHandler()).build();
    mcp.removeTool(tool);
    mcp.addTool(after);
    served.put(tool, after);
    mcp.notifyToolsListChanged();
    return before.tool();
  }

  /** Closes the MCP sessions, then stops Jetty. */
  @Override
  public void close() {
    mcp.close();
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException(name + ": Jetty did not stop cleanly", e);
    }
  }

  /** Reads {@code --port N} (default 0, an ephemeral port) from a backend's command line. */
  public static int port(String[] args) {
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
