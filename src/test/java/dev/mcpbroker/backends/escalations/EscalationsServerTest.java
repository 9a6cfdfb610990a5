package dev.mcpbroker.backends.escalations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.backends.BearerTestGate;
import dev.mcpbroker.backends.McpClients;
import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.orders.DemoSeed;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the escalations backend over real HTTP and reads the tickets back through the Java API. */
class EscalationsServerTest {
  private Database db;
  private EscalationsServer server;
  private McpSyncClient customer42;
  private TicketDesk tickets;

  @BeforeEach
  void start() {
    db = Database.open(DatabaseConfig.h2Memory(), DemoSeed.INSTANCE);
    server = EscalationsServer.start("127.0.0.1", 0, db, new BearerTestGate());
    customer42 = McpClients.connect(server.mcpUrl(), "customer-42");
    tickets = new TicketDesk(db);
  }

  @AfterEach
  void stop() {
    customer42.close();
    server.close();
    db.close();
  }

  @Test
  void escalate_opensATicketAndReturnsItsId() {
    CallToolResult result = McpClients.call(customer42, "escalate",
        Map.of("summary", "Customer says the grinder arrived broken", "order_id", "ord_0042"), null);

    assertThat(result.isError()).isFalse();
    String id = (String) ((Map<?, ?>) result.structuredContent()).get("ticket_id");
    assertThat(tickets.list()).singleElement().satisfies(t -> {
      assertThat(t.ticketId()).isEqualTo(id).matches("tk_[0-9a-f]{20}");
      assertThat(t.summary()).isEqualTo("Customer says the grinder arrived broken");
      assertThat(t.order()).contains("ord_0042");
      assertThat(t.customerId()).isEqualTo("customer-42");
      assertThat(t.status()).isEqualTo("open");
    });
  }

  @Test
  void escalate_withoutAnOrder_opensATicket() {
    CallToolResult result =
        McpClients.call(customer42, "escalate", Map.of("summary", "Wants to talk to a human"), null);

    assertThat(result.isError()).isFalse();
    assertThat(tickets.list()).singleElement().satisfies(t -> assertThat(t.order()).isEmpty());
  }

  @Test
  void escalate_aboutAnotherCustomersOrder_isRefusedAsNotFound() {
    CallToolResult result = McpClients.call(customer42, "escalate",
        Map.of("summary", "look at this", "order_id", "ord_0001"), null);

    assertThat(result.isError()).isTrue();
    assertThat(McpClients.text(result)).isEqualTo("order ord_0001 not found");
    assertThat(tickets.list()).isEmpty();
  }

  @Test
  void escalate_withoutToken_isRefused() {
    try (McpSyncClient anonymous = McpClients.connect(server.mcpUrl(), null)) {
      CallToolResult result =
          McpClients.call(anonymous, "escalate", Map.of("summary", "hello"), null);

      assertThat(McpClients.text(result)).isEqualTo("refused: missing_token");
      assertThat(tickets.list()).isEmpty();
    }
  }
}
