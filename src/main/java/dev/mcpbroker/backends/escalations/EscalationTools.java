package dev.mcpbroker.backends.escalations;

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
import java.util.regex.Pattern;

/** Defines the {@code escalate} tool over a {@link TicketDesk}. */
final class EscalationTools {
  private static final int MAX_SUMMARY = 2000;
  private static final Pattern ORDER_ID = Pattern.compile("^ord_[0-9]{4}$");

  static final String INPUT =
      """
      {"type": "object",
       "properties": {
         "summary": {"type": "string", "minLength": 1, "maxLength": 2000,
                     "description": "What a human should look at, and why."},
         "order_id": {"type": "string", "pattern": "^ord_[0-9]{4}$",
                      "description": "The order concerned, if any, e.g. ord_0042."}},
       "required": ["summary"],
       "additionalProperties": false}
      """;

  static final String OUTPUT =
      """
      {"type": "object",
       "properties": {
         "ticket_id": {"type": "string", "pattern": "^tk_[0-9a-f]{20}$"},
         "status": {"type": "string", "enum": ["open"]}},
       "required": ["ticket_id", "status"],
       "additionalProperties": false}
      """;

  private final TicketDesk desk;
  private final CallGate gate;

  EscalationTools(TicketDesk desk, CallGate gate) {
    this.desk = desk;
    this.gate = gate;
  }

  List<SyncToolSpecification> specifications(McpJsonMapper mapper) {
    Tool escalate =
        Tool.builder()
            .name("escalate")
            .description("Opens a ticket for a human, optionally about one order. Returns its id.")
            .inputSchema(mapper, INPUT)
            .outputSchema(mapper, OUTPUT)
            .annotations(ToolAnnotations.builder().readOnlyHint(false).destructiveHint(false)
                .idempotentHint(false).openWorldHint(false).build())
            .build();
    return List.of(GatedTools.gated("escalations", escalate, gate, this::escalate));
  }

  private CallToolResult escalate(GateResult.Accepted caller, Map<String, Object> arguments) {
    for (String name : arguments.keySet()) {
      if (!name.equals("summary") && !name.equals("order_id")) {
        return ToolResults.error(name + ": " + ToolResults.json(arguments.get(name))
            + " (expected: no such argument)");
      }
    }
    Object summary = arguments.get("summary");
    if (!(summary instanceof String text) || text.isBlank() || text.length() > MAX_SUMMARY) {
      return ToolResults.error("summary: " + (summary instanceof String s ? s.length() + " characters"
          : ToolResults.json(summary)) + " (expected: a non-blank string of at most 2000 characters)");
    }
    Object order = arguments.get("order_id");
    if (order != null && !(order instanceof String id && ORDER_ID.matcher(id).matches())) {
      return ToolResults.error(
          "order_id: " + ToolResults.json(order) + " (expected: a string like ord_0042)");
    }
    return desk.open(text, (String) order, caller.customer())
        .map(t -> {
          Map<String, Object> result = new LinkedHashMap<>();
          result.put("ticket_id", t.ticketId());
          result.put("status", t.status());
          return ToolResults.success(result);
        })
        .orElseGet(() -> ToolResults.error("order " + order + " not found"));
  }
}
