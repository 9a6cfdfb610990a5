package dev.mcpbroker.backends.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives the orders backend over real HTTP with the MCP Java SDK's client. */
class OrdersServerTest {
  private static OrdersServer server;
  private static McpSyncClient client;

  @BeforeAll
  static void start() {
    server = OrdersServer.start("127.0.0.1", 0);
    String base = server.mcpUrl().resolve("/").toString();
    client =
        McpClient.sync(HttpClientStreamableHttpTransport.builder(base).endpoint("/mcp").build())
            .build();
    client.initialize();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void toolsList_declaresBothReadOnlyToolsWithClosedSchemas() {
    List<Tool> tools = client.listTools().tools();

    assertThat(tools).extracting(Tool::name).containsExactlyInAnyOrder("get_order", "list_orders");
    Tool getOrder = tools.stream().filter(t -> t.name().equals("get_order")).findFirst().get();
    assertThat(getOrder.inputSchema())
        .containsEntry("type", "object")
        .containsEntry("required", List.of("order_id"))
        .containsEntry("additionalProperties", false);
    assertThat(getOrder.inputSchema().get("properties"))
        .isEqualTo(
            Map.of(
                "order_id",
                Map.of(
                    "type", "string",
                    "pattern", "^ord_[0-9]{4}$",
                    "description", "The order id, e.g. ord_0042.")));
    assertThat(getOrder.outputSchema()).containsEntry("type", "object");
    assertThat(tools)
        .allSatisfy(t -> assertThat(t.annotations().readOnlyHint()).isTrue())
        .allSatisfy(t -> assertThat(t.outputSchema()).isNotEmpty());
  }

  @Test
  void getOrder_returnsTheSeededOrderWithExactAmounts() {
    CallToolResult result = call("get_order", Map.of("order_id", "ord_0002"));

    assertThat(result.isError()).isFalse();
    Map<String, Object> expected =
        Map.of(
            "order_id", "ord_0002",
            "customer_id", "customer-1",
            "status", "partially_refunded",
            "currency", "EUR",
            "total", "138.99",
            "refunded", "9.99",
            "items",
                List.of(
                    Map.of(
                        "sku",
                        "GRND-C40",
                        "name",
                        "Burr grinder",
                        "quantity",
                        1,
                        "unit_price",
                        "129.00"),
                    Map.of(
                        "sku",
                        "DESC-01",
                        "name",
                        "Descaler",
                        "quantity",
                        1,
                        "unit_price",
                        "9.99")));
    assertThat(result.structuredContent()).isEqualTo(expected);
    assertThat(((TextContent) result.content().get(0)).text())
        .contains("\"total\":\"138.99\"", "\"refunded\":\"9.99\"");
  }

  @Test
  void everySeededOrder_isServedAsSeeded() {
    for (Order order : SeedOrders.ALL) {
      CallToolResult result = call("get_order", Map.of("order_id", order.orderId()));

      assertThat(result.structuredContent()).isEqualTo(OrderJson.of(order));
    }
  }

  @Test
  void getOrder_amountsKeepTheirTrailingZeros() {
    CallToolResult result = call("get_order", Map.of("order_id", "ord_0012"));

    assertThat(structured(result))
        .containsEntry("total", "50.00")
        .containsEntry("refunded", "50.00")
        .containsEntry("status", "refunded");
  }

  @Test
  void unknownOrder_isToolError() {
    CallToolResult result = call("get_order", Map.of("order_id", "ord_9999"));

    assertThat(result.isError()).isTrue();
    assertThat(result.structuredContent()).isNull();
    assertThat(result.content())
        .singleElement()
        .isEqualTo(new TextContent("order ord_9999 not found"));
  }

  @Test
  void malformedOrderId_isToolError() {
    CallToolResult result = call("get_order", Map.of("order_id", "../ord_0001"));

    assertThat(result.isError()).isTrue();
  }

  @Test
  void listOrders_returnsOnlyThatCustomersOrders() {
    Map<String, Object> list =
        structured(call("list_orders", Map.of("customer_id", "customer-42")));

    assertThat(list).containsEntry("customer_id", "customer-42");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> orders = (List<Map<String, Object>>) list.get("orders");
    assertThat(orders).extracting(o -> o.get("order_id")).containsExactly("ord_0042", "ord_0043");
    assertThat(orders).allSatisfy(o -> assertThat(o).containsEntry("customer_id", "customer-42"));
  }

  @Test
  void unknownCustomer_hasNoOrders() {
    Map<String, Object> list = structured(call("list_orders", Map.of("customer_id", "customer-7")));

    assertThat((List<?>) list.get("orders")).isEmpty();
  }

  @Test
  void foreignHost_isRefused() throws Exception {
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host
    assertThat(statusOf("Host: evil.example\r\n")).isEqualTo(421);
  }

  @Test
  void browserOrigin_isRefused() throws Exception {
    int port = server.mcpUrl().getPort();
    assertThat(statusOf("Host: 127.0.0.1:" + port + "\r\nOrigin: http://evil.example\r\n"))
        .isEqualTo(403);
  }

  /** Sends an initialize with raw headers (HttpClient refuses to set Host) and reads the status. */
  private static int statusOf(String headers) throws Exception {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    try (Socket socket = new Socket(server.mcpUrl().getHost(), server.mcpUrl().getPort())) {
      String request =
          "POST /mcp HTTP/1.1\r\n"
              + headers
              + "Content-Type: application/json\r\n"
              + "Accept: application/json, text/event-stream\r\n"
              + "Content-Length: "
              + body.length()
              + "\r\nConnection: close\r\n\r\n"
              + body;
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String status =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  private static CallToolResult call(String tool, Map<String, Object> arguments) {
    return client.callTool(new CallToolRequest(tool, arguments));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(CallToolResult result) {
    assertThat(result.isError()).isFalse();
    return (Map<String, Object>) result.structuredContent();
  }
}
