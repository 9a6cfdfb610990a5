package dev.mcpbroker.backends.refunds;

import dev.mcpbroker.backends.gate.CallGate;
import dev.mcpbroker.backends.gate.GateResult;
import dev.mcpbroker.backends.server.GatedTools;
import dev.mcpbroker.backends.server.ToolResults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Defines the {@code issue_refund} tool over a {@link RefundDesk}. */
final class RefundTools {
  private static final Logger LOG = LoggerFactory.getLogger(RefundTools.class);

  // moves money; the same call with the same key is harmless, hence idempotent
  private static final ToolAnnotations MONEY =
      ToolAnnotations.builder()
          .readOnlyHint(false)
          .destructiveHint(true)
          .idempotentHint(true)
          .openWorldHint(false)
          .build();

  private final RefundDesk desk;
  private final CallGate gate;

  RefundTools(RefundDesk desk, CallGate gate) {
    this.desk = desk;
    this.gate = gate;
  }

  List<SyncToolSpecification> specifications(McpJsonMapper mapper) {
    Tool issueRefund =
        Tool.builder()
            .name("issue_refund")
            .description(
                "Refunds part or all of an order to its customer, in the order's currency, up to"
                    + " what remains refundable and this service's cap. Returns the refund id.")
            .inputSchema(mapper, RefundSchemas.INPUT)
            .outputSchema(mapper, RefundSchemas.OUTPUT)
            .annotations(MONEY)
            .build();
    return List.of(GatedTools.gated("refunds", issueRefund, gate, this::issueRefund));
  }

  private CallToolResult issueRefund(GateResult.Accepted caller, Map<String, Object> arguments) {
    RefundRequest request;
    try {
      request = RefundRequest.parse(arguments);
    } catch (IllegalArgumentException e) {
      LOG.info("refunds: refused issue_refund (bad_argument): {}", e.getMessage());
      return ToolResults.error(e.getMessage());
    }
    RefundOutcome outcome = desk.issue(request, caller.customer(), caller.idempotencyKey());
    if (outcome instanceof RefundOutcome.Refused refused) {
      LOG.info("refunds: refused issue_refund ({}): {}", refused.code(), refused.message());
      return ToolResults.error(refused.message());
    }
    LedgerEntry entry = ((RefundOutcome.Issued) outcome).entry();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("refund_id", entry.refundId());
    result.put("order_id", entry.orderId());
    result.put("amount", entry.amount().toPlainString());
    result.put("currency", entry.currency());
    return ToolResults.success(result);
  }
}
