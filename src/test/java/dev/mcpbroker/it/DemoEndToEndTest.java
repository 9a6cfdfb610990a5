package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.backends.escalations.TicketDesk;
import dev.mcpbroker.backends.refunds.LedgerEntry;
import dev.mcpbroker.backends.refunds.LedgerView;
import dev.mcpbroker.cli.Demo;
import dev.mcpbroker.testing.InspectorCli;
import dev.mcpbroker.testing.McpHttp;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drives the demo as a user would: the whole demo ({@link Demo}: three backends on one H2 file
 * database, each verifying action tokens, and the broker with the shipped {@code tools.yaml}) on
 * ephemeral ports, called with the MCP Inspector CLI and raw HTTP, judged by the ledger the
 * refunds backend wrote. The steps build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoEndToEndTest {
  private static Path configDir;
  private static Path dataDir;
  private static Demo demo;

  @BeforeAll
  static void start() throws Exception {
    Path root = Files.createTempDirectory("mcp-broker-demo-e2e");
    configDir = Files.createDirectory(root.resolve("config"));
    dataDir = root.resolve("demo-db");
    Files.copy(Path.of("config/tools.yaml"), configDir.resolve("tools.yaml"));
    Files.copy(Path.of("config/policies.yaml"), configDir.resolve("policies.yaml"));
    Files.writeString(configDir.resolve("broker.yaml"), "auth:\n  devIssuer: true\n  devIssuerKeyFile: "
        + root.resolve("dev-issuer-key.json") + "\n");
    demo = Demo.start(configDir, dataDir, 0, Map.of());
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  private static String token() {
    return demo.broker().identity().devIssuer().mint("demo-agent", "customer-42", Duration.ofMinutes(10),
        Set.of(), Map.of());
  }

  private static InspectorCli.Result inspector(String tool, String... toolArgs) throws Exception {
    List<String> args = new ArrayList<>(List.of("--header", "Authorization: Bearer " + token(),
        "--method", "tools/call", "--tool-name", tool));
    for (String a : toolArgs) {
      args.add("--tool-arg");
      args.add(a);
    }
    return InspectorCli.run(demo.broker().mcpUrl(), args.toArray(String[]::new));
  }

  /**
   * Looks the order up and refunds it in one MCP session, as an agent would: the shipped policy
   * allows a refund only for an order this session looked up (the inspector CLI opens a session
   * per call, so multi-step flows use a plain MCP client).
   */
  private static String refund(String orderId, String amount, String currency, String reason) throws Exception {
    McpHttp client = new McpHttp(demo.broker().mcpUrl(), token());
    String session = client.initialize("2025-11-25");
    client.callTool(session, 1, "get_order", "{\"order_id\":\"" + orderId + "\"}");
    return client.callTool(session, 2, "issue_refund", "{\"order_id\":\"" + orderId + "\",\"amount\":\"" + amount
        + "\",\"currency\":\"" + currency + "\",\"reason\":\"" + reason + "\"}").toString();
  }

  private static List<LedgerEntry> ledger() {
    return new LedgerView(demo.database()).all();
  }

  @Test
  @Order(1)
  void lookUpAnOrder_andRefundPartOfIt_underTheCap_writesExactlyOneLedgerEntry() throws Exception {
    var order = inspector("get_order", "order_id=ord_0042");
    assertThat(order.exitCode()).as(order.output()).isZero();
    assertThat(order.output()).contains("\"total\": \"166.00\"").contains("\"refunded\": \"0.00\"")
        .doesNotContain("\"isError\": true");

    String refund = refund("ord_0042", "100.00", "EUR", "grinder arrived broken");
    assertThat(refund).contains("\"refund_id\":\"rf_").doesNotContain("\"isError\":true");

    assertThat(ledger()).singleElement().satisfies(e -> {
      assertThat(e.orderId()).isEqualTo("ord_0042");
      assertThat(e.customerId()).isEqualTo("customer-42");
      assertThat(e.amount()).isEqualByComparingTo("100.00");
      assertThat(e.currency()).isEqualTo("EUR");
      assertThat(refund).contains(e.refundId());
    });
  }

  @Test
  @Order(2)
  void refundingAgain_beyondWhatRemains_isRefused_andTheLedgerIsUnchanged() throws Exception {
    List<LedgerEntry> before = ledger();
    String again = refund("ord_0042", "100.00", "EUR", "customer asked again");
    // more than the 66.00 that remain: refused by the policy, or, while its cached look-up of the
    // order (30 s) still shows 166.00, by the refunds backend's own re-check
    assertThat(again).contains("\"isError\":true");
    assertThat(ledger()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void refundingAnotherCustomersOrder_isRefused_andTheLedgerIsUnchanged() throws Exception {
    List<LedgerEntry> before = ledger();
    String other = refund("ord_0001", "10.00", "EUR", "refund me instead");
    // the broker's own look-up of the order, made as the caller, finds nothing: denied
    assertThat(other).contains("\"isError\":true").doesNotContain("customer-1");
    assertThat(ledger()).isEqualTo(before);
  }

  @Test
  @Order(4)
  void callingTheRefundsBackendDirectly_isRefused_andTheLedgerIsUnchanged() throws Exception {
    List<LedgerEntry> before = ledger();
    // the client's own session token, aimed past the broker: not an action token
    var direct = InspectorCli.run(demo.refundsUrl(), "--header", "Authorization: Bearer " + token(),
        "--method", "tools/call", "--tool-name", "issue_refund", "--tool-arg", "order_id=ord_0042",
        "--tool-arg", "amount=\"10.00\"", "--tool-arg", "currency=EUR", "--tool-arg", "reason=bypass");
    assertThat(direct.output()).contains("\"isError\": true").contains("refused");
    // and with no token at all
    JsonNode bare = new McpHttp(demo.refundsUrl(), null).callTool(
        new McpHttp(demo.refundsUrl(), null).initialize("2025-11-25"), 1, "issue_refund",
        "{\"order_id\":\"ord_0042\",\"amount\":\"10.00\",\"currency\":\"EUR\",\"reason\":\"bypass\"}");
    assertThat(bare.path("result").path("isError").asBoolean()).as(bare.toString()).isTrue();
    assertThat(bare.toString()).contains("missing_action_token");
    assertThat(ledger()).isEqualTo(before);
  }

  @Test
  @Order(5)
  void theLedger_survivesARestart_onTheSameDatabase() throws Exception {
    List<LedgerEntry> before = ledger();
    demo.close();
    demo = null;
    demo = Demo.start(configDir, dataDir, 0, Map.of());
    assertThat(ledger()).isEqualTo(before).hasSize(1);
    var order = inspector("get_order", "order_id=ord_0042");
    assertThat(order.output()).contains("\"refunded\": \"100.00\"").contains("partially_refunded");
    // the seed is not applied twice: still 66.00 left, not 166.00
    String over = refund("ord_0042", "70.00", "EUR", "after the restart");
    assertThat(over).contains("\"isError\":true").contains("refund_not_allowed");
    assertThat(ledger()).isEqualTo(before);
  }

  @Test
  @Order(6)
  void twentyConcurrentIdenticalRefunds_throughTheBroker_moveMoneyOnce() throws Exception {
    BigDecimal remaining = new BigDecimal("89.99"); // ord_0043: 100.99 paid, 11.00 refunded in the seed
    String arguments = "{\"order_id\":\"ord_0043\",\"amount\":\"10.00\",\"currency\":\"USD\","
        + "\"reason\":\"double-clicked refund button\"}";
    int before = ledger().size();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<JsonNode>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        McpHttp client = new McpHttp(demo.broker().mcpUrl(), token());
        String session = client.initialize("2025-11-25");
        client.callTool(session, 100, "get_order", "{\"order_id\":\"ord_0043\"}"); // the policy's prior look-up
        int id = i + 1;
        answers.add(pool.submit(() -> {
          go.await();
          return client.callTool(session, id, "issue_refund", arguments);
        }));
      }
      go.countDown();
      List<String> refundIds = new ArrayList<>();
      for (Future<JsonNode> answer : answers) {
        JsonNode result = answer.get().path("result");
        if (!result.path("isError").asBoolean()) {
          refundIds.add(result.path("structuredContent").path("refund_id").asText());
        }
      }
      List<LedgerEntry> added = ledger().subList(before, ledger().size());
      System.out.println("20 identical refunds: " + refundIds.size() + " answered with a refund, "
          + refundIds.stream().distinct().count() + " distinct refund ids, " + added.size() + " ledger entries");
      BigDecimal moved = added.stream().map(LedgerEntry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(moved).isLessThanOrEqualTo(remaining);
      assertThat(added).hasSize(1);
      assertThat(refundIds).hasSize(20).containsOnly(added.get(0).refundId());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(7)
  void escalating_opensATicket_forTheCallersOwnOrderOnly() throws Exception {
    var opened = inspector("escalate", "summary=customer disputes the partial refund", "order_id=ord_0042");
    assertThat(opened.exitCode()).as(opened.output()).isZero();
    assertThat(opened.output()).contains("\"ticket_id\": \"tk_").doesNotContain("\"isError\": true");
    var foreign = inspector("escalate", "summary=look at this one", "order_id=ord_0001");
    assertThat(foreign.output()).contains("\"isError\": true").contains("not found");
    assertThat(new TicketDesk(demo.database()).list()).singleElement().satisfies(t -> {
      assertThat(t.orderId()).isEqualTo("ord_0042");
      assertThat(t.customerId()).isEqualTo("customer-42");
      assertThat(opened.output()).contains(t.ticketId());
    });
  }
}
