package dev.mcpbroker.backends.gate;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Carries the HTTP request headers a gate needs from the servlet transport to the tool call: the
 * transport runs {@link #EXTRACTOR} on each HTTP request, and the SDK hands the result to the
 * handler as {@code exchange.transportContext()}.
 */
public final class RequestHeaders {
  private RequestHeaders() {}

  private static final String AUTHORIZATION = "authorization";

  /** Copies the {@code Authorization} header into the transport context. */
  public static final McpTransportContextExtractor<HttpServletRequest> EXTRACTOR =
      request -> {
        Map<String, Object> context = new HashMap<>();
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
          context.put(AUTHORIZATION, authorization);
        }
        return McpTransportContext.create(context);
      };

  /** Returns the {@code Authorization} header of the HTTP request that carried this call. */
  public static Optional<String> authorization(McpSyncServerExchange exchange) {
    McpTransportContext context = exchange == null ? null : exchange.transportContext();
    return context == null
        ? Optional.empty()
        : Optional.ofNullable((String) context.get(AUTHORIZATION));
  }
}
