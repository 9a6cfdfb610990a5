package dev.mcpbroker.backends.orders;

import dev.mcpbroker.backends.gate.CallGate;
import dev.mcpbroker.backends.gate.GateResult;
import dev.mcpbroker.backends.server.GatedTools;
import dev.mcpbroker.backends.server.ToolResults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.List;
import java.util.Map;

/** Defines the {@code get_order} and {@code list_orders} tools over an {@link OrderBook}. */
final class OrderTools {
  private static final ToolAnnotations READ_ONLY =
      ToolAnnotations.builder().readOnlyHint(true).build();

  private final OrderBook book;
  private final CallGate gate;

  OrderTools(OrderBook book, CallGate gate) {
    this.book = book;
    this.gate = gate;
  }

  List<SyncToolSpecification> specifications(McpJsonMapper mapper) {
    Tool getOrder =
        Tool.builder()
            .name("get_order")
            .description(
                "Returns one order: status, currency, items, and the total and refunded amounts"
                    + " as exact decimal strings.")
            .inputSchema(mapper, OrderSchemas.GET_ORDER_INPUT)
            .outputSchema(mapper, OrderSchemas.ORDER)
            .annotations(READ_ONLY)
            .build();
    Tool listOrders =
        Tool.builder()
            .name("list_orders")
            .description("Lists one customer's orders, by order id.")
            .inputSchema(mapper, OrderSchemas.LIST_ORDERS_INPUT)
            .outputSchema(mapper, OrderSchemas.ORDER_LIST)
            .annotations(READ_ONLY)
            .build();
    return List.of(
        GatedTools.gated("orders", getOrder, gate, this::getOrder),
        GatedTools.gated("orders", listOrders, gate, this::listOrders));
  }

  // The SDK validates arguments against the input schema before a handler runs; the handlers
  // check again because a rejection must never depend on a library default staying on.
  private CallToolResult getOrder(GateResult.Accepted caller, Map<String, Object> arguments) {
    Object id = arguments.get("order_id");
    if (!(id instanceof String orderId) || !Order.ID.matcher(orderId).matches()) {
      return ToolResults.error(
          "order_id: " + ToolResults.json(id) + " (expected: a string like ord_0042)");
    }
    // another customer's order reads exactly like a missing one: no oracle for guessing ids
    return book.find(orderId, caller.customer())
        .map(o -> ToolResults.success(OrderJson.of(o)))
        .orElseGet(() -> ToolResults.error("order " + orderId + " not found"));
  }

  private CallToolResult listOrders(GateResult.Accepted caller, Map<String, Object> arguments) {
    Object id = arguments.get("customer_id");
    if (!(id instanceof String customerId)) {
      return ToolResults.error(
          "customer_id: " + ToolResults.json(id) + " (expected: a string like customer-42)");
    }
    return ToolResults.success(
        OrderJson.list(customerId, book.forCustomer(customerId, caller.customer())));
  }
}
