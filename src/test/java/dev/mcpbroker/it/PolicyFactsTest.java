package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.BrokerIdentity;
import dev.mcpbroker.audit.AuditQuery;
import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.gate.ActionTokenGate;
import dev.mcpbroker.backends.orders.DemoSeed;
import dev.mcpbroker.backends.orders.OrdersServer;
import dev.mcpbroker.identity.ActionTokenVerifier;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Facts and session history against the reference orders backend, which verifies action tokens:
 * the broker looks the fact up itself, with an action token minted for the caller (so the backend
 * records the caller as the reader); an order the caller cannot see is no fact, and the call is
 * denied; a rule over this session's earlier look-ups sees the results the broker received.
 */
class PolicyFactsTest {
  static final String POLICY = """
      version: 1
      facts:
        order: {tool: get_order, args: {order_id: '"ord_0042"'}, ttl: 1s}
      session:
        seen_customers: {tool: get_order, value: "call.result.customer_id"}
      rules:
        - id: lookup
          tools: [get_order]
          effect: permit
        - id: list-if-owner-of-ord-0042
          tools: [list_orders]
          effect: permit
          when: facts.order.customer_id == principal.subject && session.seen_customers.exists(c, c == principal.subject)
          reason: not_owner
        - id: not-in-this-test
          tools: [issue_refund, escalate]
          effect: forbid
          reason: not_in_this_test
      """;

  private static Database db;
  private static OrdersServer orders;
  private static BrokerUnderTest broker;
  private static final AtomicReference<ActionTokenVerifier> VERIFIER = new AtomicReference<>();

  @BeforeAll
  static void start() throws Exception {
    db = Database.open(DatabaseConfig.h2Memory(), DemoSeed.INSTANCE);
    orders = OrdersServer.start("127.0.0.1", 0, db, new ActionTokenGate(VERIFIER::get));
    broker = BrokerUnderTest.start(Files.readString(Path.of("config/tools.yaml")), POLICY,
        BrokerUnderTest.env("ORDERS_PORT", Integer.toString(orders.mcpUrl().getPort()), "REFUNDS_PORT", "1",
            "ESCALATIONS_PORT", "1"));
    VERIFIER.set(new ActionTokenVerifier(broker.url().resolve("/.well-known/jwks.json"),
        BrokerIdentity.ACTION_TOKEN_ISSUER, orders.mcpUrl()));
  }

  @AfterAll
  static void stop() {
    broker.close();
    orders.close();
    db.close();
  }

  private static List<String> served() throws Exception {
    List<String> rows = new ArrayList<>();
    try (var c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT caller_customer_id, order_id, tool FROM orders_served ORDER BY served_at")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
      }
    }
    return rows;
  }

  @Test
  void factIsLookedUpThroughTheBroker_asTheCaller() throws Exception {
    McpHttp owner = broker.client(broker.token("demo-agent", "customer-42"));
    String session = owner.initialize("2025-11-25");
    int servedBefore = served().size();

    JsonNode denied = owner.callTool(session, 1, "list_orders", "{\"customer_id\":\"customer-42\"}").path("result");

    assertThat(denied.path("_meta").path("dev.mcpbroker/reason").asText())
        .as("no look-up in this session yet").isEqualTo("not_owner");
    // nothing was forwarded, yet the backend served the fact: the broker's own look-up, as customer-42
    assertThat(served().subList(servedBefore, served().size())).containsExactly("customer-42 ord_0042 get_order");
    broker.broker().audit().checkpoint().get(10, TimeUnit.SECONDS);
    try (Stream<JsonNode> all = AuditQuery.run(broker.auditDir(), AuditQuery.Filter.ALL)) {
      assertThat(all.filter(e -> "policy_fact".equals(e.path("details").path("purpose").asText())))
          .as("the broker's own look-up is audited").anySatisfy(e -> {
            assertThat(e.path("principal").path("subject").asText()).isEqualTo("customer-42");
            assertThat(e.path("upstream_outcome").asText()).isEqualTo("ok");
          });
    }

    assertThat(owner.callTool(session, 2, "get_order", "{\"order_id\":\"ord_0042\"}").path("result")
        .path("isError").asBoolean()).isFalse();
    JsonNode allowed = owner.callTool(session, 3, "list_orders", "{\"customer_id\":\"customer-42\"}").path("result");
    assertThat(allowed.path("isError").asBoolean()).as("the session has now seen its order: " + allowed).isFalse();
  }

  @Test
  void factTheCallerCannotSee_deniesTheCall() throws Exception {
    McpHttp stranger = broker.client(broker.token("demo-agent", "customer-7"));
    String session = stranger.initialize("2025-11-25");

    JsonNode result = stranger.callTool(session, 1, "list_orders", "{\"customer_id\":\"customer-7\"}").path("result");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.path("_meta").path("dev.mcpbroker/reason").asText()).isEqualTo("fact_unavailable");
  }
}
