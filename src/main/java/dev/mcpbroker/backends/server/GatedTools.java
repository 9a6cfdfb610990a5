package dev.mcpbroker.backends.server;

import dev.mcpbroker.backends.gate.CallGate;
import dev.mcpbroker.backends.gate.GateResult;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a tool behind a {@link CallGate}: the gate runs first, a refusal is logged and answered
 * with a tool error, and only an accepted call reaches the tool's handler. A gate that throws
 * refuses (deny by default); a handler that throws is logged and answered with a safe error.
 */
public final class GatedTools {
  private static final Logger LOG = LoggerFactory.getLogger(GatedTools.class);

  private GatedTools() {}

  /** Handles a call the gate accepted. */
  @FunctionalInterface
  public interface Handler {
    /** Serves the call for {@code caller}; {@code arguments} is never {@code null}. */
    CallToolResult handle(GateResult.Accepted caller, Map<String, Object> arguments);
  }

  /** Returns {@code tool} served by {@code handler} behind {@code gate}, logging as {@code backend}. */
  public static SyncToolSpecification gated(
      String backend, Tool tool, CallGate gate, Handler handler) {
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler((exchange, request) -> call(backend, gate, handler, exchange, request))
        .build();
  }

  private static CallToolResult call(
      String backend,
      CallGate gate,
      Handler handler,
      McpSyncServerExchange exchange,
      CallToolRequest request) {
    Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
    Map<String, Object> meta = request.meta() == null ? Map.of() : request.meta();
    GateResult verdict;
    try {
      verdict = gate.check(exchange, request.name(), arguments, meta);
    } catch (RuntimeException e) {
      LOG.error("{}: gate failed on {}; refusing", backend, request.name(), e);
      verdict = new GateResult.Refused("gate_error");
    }
    if (verdict instanceof GateResult.Refused refused) {
      LOG.warn("{}: refused {} call: {}", backend, request.name(), refused.reason());
      return ToolResults.error("refused: " + refused.reason());
    }
    GateResult.Accepted caller = (GateResult.Accepted) verdict;
    try {
      return handler.handle(caller, arguments);
    } catch (RuntimeException e) {
      LOG.error("{}: {} failed", backend, request.name(), e);
      return ToolResults.error(request.name() + ": internal error (logged by the backend)");
    }
  }
}
