package dev.mcpbroker.backends.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.backends.BearerTestGate;
import dev.mcpbroker.backends.McpClients;
import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives the orders backend with a customer scope taken from the Authorization header. */
class OrdersScopeTest {
  private static Database db;
  private static OrdersServer server;
  private static McpSyncClient customer3;

  @BeforeAll
  static void start() {
    db = Database.open(DatabaseConfig.h2Memory(), DemoSeed.INSTANCE);
    server = OrdersServer.start("127.0.0.1", 0, db, new BearerTestGate());
    customer3 = McpClients.connect(server.mcpUrl(), "customer-3");
  }

  @AfterAll
  static void stop() {
    customer3.close();
    server.close();
    db.close();
  }

  @Test
  void ownOrder_isServed() {
    CallToolResult result = McpClients.call(customer3, "get_order", Map.of("order_id", "ord_0007"), null);

    assertThat(result.isError()).isFalse();
    assertThat(result.structuredContent()).isEqualTo(OrderJson.of(SeedOrders.ALL.get(6)));
  }

  @Test
  void anotherCustomersOrder_readsExactlyLikeAMissingOne() {
    CallToolResult foreign = McpClients.call(customer3, "get_order", Map.of("order_id", "ord_0001"), null);
    CallToolResult missing = McpClients.call(customer3, "get_order", Map.of("order_id", "ord_9999"), null);

    assertThat(foreign.isError()).isTrue();
    assertThat(foreign.structuredContent()).isNull();
    assertThat(McpClients.text(foreign)).isEqualTo("order ord_0001 not found");
    assertThat(McpClients.text(missing)).isEqualTo("order ord_9999 not found");
  }

  @Test
  void anotherCustomersList_isEmpty() {
    CallToolResult result =
        McpClients.call(customer3, "list_orders", Map.of("customer_id", "customer-1"), null);

    assertThat((List<?>) ((Map<?, ?>) result.structuredContent()).get("orders")).isEmpty();
  }

  @Test
  void servedOrders_areRecordedAndNeverAnotherCustomers() throws Exception {
    McpClients.call(customer3, "list_orders", Map.of("customer_id", "customer-3"), null);
    McpClients.call(customer3, "get_order", Map.of("order_id", "ord_0002"), null);

    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT caller_customer_id, owner_customer_id, order_id"
            + " FROM orders_served WHERE tool = 'list_orders'")) {
      while (r.next()) {
        rows.add(r.getString(1) + ">" + r.getString(2) + ":" + r.getString(3));
      }
    }
    assertThat(rows).contains("customer-3>customer-3:ord_0007", "customer-3>customer-3:ord_0008",
        "customer-3>customer-3:ord_0009");
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM orders_served"
            + " WHERE caller_customer_id <> owner_customer_id")) {
      r.next();
      assertThat(r.getInt(1)).as("orders served to a customer who does not own them").isZero();
    }
  }

  @Test
  void callWithoutToken_isRefusedByTheBackend() {
    try (McpSyncClient anonymous = McpClients.connect(server.mcpUrl(), null)) {
      CallToolResult result =
          McpClients.call(anonymous, "get_order", Map.of("order_id", "ord_0007"), null);

      assertThat(result.isError()).isTrue();
      assertThat(McpClients.text(result)).isEqualTo("refused: missing_token");
    }
  }
}
