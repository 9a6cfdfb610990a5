package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs a real MCP server (the MCP Java SDK's Streamable HTTP servlet on embedded Jetty) with
 * three tools: {@code echo}, {@code slow_count} (reports progress first) and {@code ask_model}
 * (asks the client to sample and returns what it got).
 */
final class SdkUpstream implements AutoCloseable {
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}";

  private final Server jetty;
  private final McpSyncServer mcp;

  SdkUpstream() throws Exception {
    McpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(mapper)
            .mcpEndpoint("/mcp")
            .build();
    mcp = McpServer.sync(transport)
        .serverInfo("sdk-fixture", "1.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
        .tools(tool(mapper, "echo", (exchange, req) ->
                text(String.valueOf(req.arguments().get("text")))),
            tool(mapper, "slow_count", (exchange, req) -> {
              Object token = req.meta() == null ? null : req.meta().get("progressToken");
              exchange.progressNotification(new ProgressNotification(token, 1.0, 2.0, "half"));
              return text("counted");
            }),
            tool(mapper, "ask_model", (exchange, req) -> {
              McpSchema.CreateMessageResult sampled = exchange.createMessage(
                  CreateMessageRequest.builder()
                      .messages(List.of(new SamplingMessage(McpSchema.Role.USER,
                          new TextContent(String.valueOf(req.arguments().get("text"))))))
                      .maxTokens(50)
                      .build());
              return text("model said: " + ((TextContent) sampled.content()).text());
            }))
        .build();

    jetty = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    jetty.setHandler(context);
    jetty.start();
  }

  private static SyncToolSpecification tool(McpJsonMapper mapper, String name,
      java.util.function.BiFunction<io.modelcontextprotocol.server.McpSyncServerExchange,
          McpSchema.CallToolRequest, CallToolResult> handler) {
    return SyncToolSpecification.builder()
        .tool(Tool.builder().name(name).description(name).inputSchema(mapper, SCHEMA).build())
        .callHandler(handler)
        .build();
  }

  private static CallToolResult text(String text) {
    return CallToolResult.builder().addTextContent(text).isError(false).build();
  }

  URI url() {
    int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    return URI.create("http://127.0.0.1:" + port + "/mcp");
  }

  @Override
  public void close() throws Exception {
    mcp.close();
    jetty.stop();
  }
}
