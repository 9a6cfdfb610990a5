package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.backends.orders.OrdersServer;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.InspectorCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code config/tools.yaml} in front of the orders backend, driven by the MCP
 * Inspector CLI as a user would: list the tools, call one, and be refused on bad arguments.
 */
class DemoCatalogInspectorTest {
  private static OrdersServer orders;
  private static BrokerUnderTest broker;

  @BeforeAll
  static void start() throws Exception {
    orders = OrdersServer.start("127.0.0.1", 0);
    broker = BrokerUnderTest.start(Files.readString(Path.of("config/tools.yaml")),
        BrokerUnderTest.env("ORDERS_PORT", Integer.toString(orders.mcpUrl().getPort()),
            // refunds and escalations are not running here: their tools stay withheld
            "REFUNDS_PORT", "1", "ESCALATIONS_PORT", "1"));
  }

  @AfterAll
  static void stop() {
    broker.close();
    orders.close();
  }

  @Test
  void inspector_listsTheDeclaredTools() throws Exception {
    var result = InspectorCli.run(broker.url(), "--header", "Authorization: Bearer " + broker.token("demo-agent", "customer-42"), "--method", "tools/list");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("\"name\": \"get_order\"").contains("\"name\": \"list_orders\"");
  }

  @Test
  void inspector_withoutAToken_isTurnedAway() throws Exception {
    var result = InspectorCli.run(broker.url(), "--method", "tools/list");
    assertThat(result.exitCode()).isNotZero();
    // the client shows the broker's refusal (the 401 and its challenge are asserted in AuthenticationAttacksTest)
    assertThat(result.output()).contains("Authorization header: missing").doesNotContain("get_order");
  }

  @Test
  void inspector_callsATool_throughTheBroker() throws Exception {
    var result = InspectorCli.run(broker.url(), "--header", "Authorization: Bearer " + broker.token("demo-agent", "customer-42"), "--method", "tools/call", "--tool-name", "get_order",
        "--tool-arg", "order_id=ord_0042");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("ord_0042").contains("customer-42").doesNotContain("\"isError\": true");
  }

  @Test
  void inspector_seesTheBrokersRefusal_forAnArgumentOutsideTheSchema() throws Exception {
    var result = InspectorCli.run(broker.url(), "--header", "Authorization: Bearer " + broker.token("demo-agent", "customer-42"), "--method", "tools/call", "--tool-name", "get_order",
        "--tool-arg", "order_id=ord_0042", "--tool-arg", "role=admin");
    assertThat(result.output()).contains("\"isError\": true").contains("role: unknown field");
  }
}
