package dev.mcpbroker.redteam;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The oracle can fail: money moved, an order served or a denial counted behind the scenario's back
 * (straight into the database or the registry, as a broken broker would) is reported, while the
 * scenario's own steps all pass.
 */
class OracleTest {
  private static Stack stack;
  private static Tokens tokens;
  private static Set<String> catalog;

  @BeforeAll
  static void start() throws Exception {
    stack = Stack.start();
    tokens = new Tokens(stack.demo.broker());
    catalog = stack.demo.broker().tools().statuses().stream().map(s -> s.spec().name()).collect(Collectors.toSet());
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  /** Runs a scenario that looks {@code order} up, then lets {@code behindTheBack} act, and returns the oracle's findings. */
  private static List<String> judge(String id, String order, Runnable behindTheBack) throws Exception {
    Path file = Files.createTempDirectory("oracle").resolve(id + ".yaml");
    Files.writeString(file, """
        id: %s
        title: the oracle judges what reached the world
        threat: [T2]
        layer: policy
        principal: {agent: refund-agent, subject: %s-customer}
        orders:
          - {id: %s, total: "1000.00", currency: EUR}
        steps:
          - {call: get_order, args: {order_id: %s}, expect: allowed}
        """.formatted(id, id, order, order));
    Scenario s = Scenario.read(file);
    stack.insert(s.orders());
    Oracle oracle = new Oracle(stack);
    oracle.before();
    Runner runner = new Runner(stack, s, tokens, catalog);
    runner.run();
    assertThat(runner.failures).isEmpty();
    behindTheBack.run();
    return oracle.check(runner);
  }

  private static void sql(String statement, Object... values) {
    stack.demo.database().inTransaction("oracle test", c -> {
      try (PreparedStatement s = c.prepareStatement(statement)) {
        for (int i = 0; i < values.length; i++) {
          s.setObject(i + 1, values[i]);
        }
        return s.executeUpdate();
      }
    });
  }

  @Test
  void refundThatNoStepAllowed_beyondTheCap_isReported() throws Exception {
    List<String> problems = judge("oracle1", "ord_9001", () -> sql("INSERT INTO ledger (refund_id, order_id, customer_id,"
        + " amount, currency, reason, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "rf_oracle1", "ord_9001",
        "oracle1-customer", new BigDecimal("900.00"), "EUR", "behind the broker's back", "k1", OffsetDateTime.now()));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("rf_oracle1").contains("beyond the effective cap 300.00"))
        .anySatisfy(p -> assertThat(p).contains("above 250.00 without a human's approval"))
        .anySatisfy(p -> assertThat(p).contains("ord_9001: 1 ledger rows (expected: 0)"));
  }

  @Test
  void orderServedToAnotherCustomer_isReported() throws Exception {
    List<String> problems = judge("oracle2", "ord_9002", () -> sql("INSERT INTO orders_served (caller_customer_id,"
        + " owner_customer_id, order_id, tool, served_at) VALUES (?, ?, ?, ?, ?)", "oracle2-customer", "customer-1",
        "ord_0001", "get_order", OffsetDateTime.now()));
    assertThat(problems).singleElement().asString().contains("served ord_0001 (owned by customer-1) to oracle2-customer");
  }

  @Test
  void denialCountedButNotMet_isReported() throws Exception {
    List<String> problems = judge("oracle3", "ord_9003",
        () -> stack.demo.broker().metrics().denied("issue_refund", "refund_not_allowed"));
    assertThat(problems).singleElement().asString().contains("mcp_broker_denials_total grew by {issue_refund refund_not_allowed=1}");
  }
}
