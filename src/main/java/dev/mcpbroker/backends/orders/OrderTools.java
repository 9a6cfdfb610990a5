package dev.mcpbroker.backends.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.List;
import java.util.Map;

/** Defines the {@code get_order} and {@code list_orders} tools over an {@link OrderBook}. */
final class OrderTools {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ToolAnnotations READ_ONLY =
      ToolAnnotations.builder().readOnlyHint(true).build();

  private final OrderBook book;

  OrderTools(OrderBook book) {
    this.book = book;
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
        SyncToolSpecification.builder().tool(getOrder).callHandler(this::getOrder).build(),
        SyncToolSpecification.builder().tool(listOrders).callHandler(this::listOrders).build());
  }

  // The SDK validates arguments against the input schema before a handler runs; the handlers
  // check again because a rejection must never depend on a library default staying on.
  private CallToolResult getOrder(McpSyncServerExchange exchange, CallToolRequest request) {
    Object id = argument(request, "order_id");
    if (!(id instanceof String orderId) || !Order.ID.matcher(orderId).matches()) {
      return error("order_id: " + quoted(id) + " (expected: a string like ord_0042)");
    }
    return book.find(orderId)
        .map(o -> success(OrderJson.of(o)))
        .orElseGet(() -> error("order " + orderId + " not found"));
  }

  private CallToolResult listOrders(McpSyncServerExchange exchange, CallToolRequest request) {
    Object id = argument(request, "customer_id");
    if (!(id instanceof String customerId)) {
      return error("customer_id: " + quoted(id) + " (expected: a string like customer-42)");
    }
    return success(OrderJson.list(customerId, book.forCustomer(customerId)));
  }

  private static Object argument(CallToolRequest request, String name) {
    return request.arguments() == null ? null : request.arguments().get(name);
  }

  // MCP 2025-11-25 server/tools: structured content SHOULD also be serialized into a text block
  private static CallToolResult success(Map<String, Object> structured) {
    return CallToolResult.builder()
        .addTextContent(quoted(structured))
        .structuredContent(structured)
        .isError(false)
        .build();
  }

  private static CallToolResult error(String message) {
    return CallToolResult.builder().addTextContent(message).isError(true).build();
  }

  private static String quoted(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain maps, lists and strings always serialize", e);
    }
  }
}
