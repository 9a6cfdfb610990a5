package dev.mcpbroker.backends.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.backends.BearerTestGate;
import dev.mcpbroker.backends.McpClients;
import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.orders.DemoSeed;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the refunds backend over real HTTP with MCP SDK clients, scoped by a test gate that reads
 * the Authorization header, and asserts on what moved: the ledger and the payments provider.
 */
class RefundsServerTest {
  private Database db;
  private FakePaymentsProvider payments;
  private RefundsServer server;
  private LedgerView ledger;
  private final List<McpSyncClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    db = Database.open(DatabaseConfig.h2Memory(), DemoSeed.INSTANCE);
    payments = new FakePaymentsProvider("test-payments-key");
    server = RefundsServer.start("127.0.0.1", 0, db, RefundsConfig.withKey("test-payments-key"),
        payments, new BearerTestGate());
    ledger = new LedgerView(db);
  }

  @AfterEach
  void stop() {
    clients.forEach(McpSyncClient::close);
    server.close();
    db.close();
  }

  private McpSyncClient client(String customer) {
    McpSyncClient client = McpClients.connect(server.mcpUrl(), customer);
    clients.add(client);
    return client;
  }

  private static Map<String, Object> refund(String orderId, String amount, String currency) {
    return Map.of("order_id", orderId, "amount", amount, "currency", currency,
        "reason", "arrived broken");
  }

  private static CallToolResult issue(McpSyncClient client, Map<String, Object> args, String key) {
    return McpClients.call(client, "issue_refund", args, key);
  }

  @Test
  void toolsList_declaresAStrictInputSchema() {
    Tool tool = client("customer-1").listTools().tools().get(0);

    assertThat(tool.name()).isEqualTo("issue_refund");
    assertThat(tool.inputSchema())
        .containsEntry("additionalProperties", false)
        .containsEntry("required", List.of("order_id", "amount", "currency", "reason"));
    assertThat(tool.annotations().destructiveHint()).isTrue();
  }

  @Test
  void refundUnderRemaining_returnsARefundIdAndLandsOneLedgerRow() {
    CallToolResult result = issue(client("customer-1"), refund("ord_0001", "10.00", "EUR"), "a");

    assertThat(result.isError()).isFalse();
    Map<?, ?> body = (Map<?, ?>) result.structuredContent();
    assertThat(body.get("refund_id").toString()).matches("rf_[0-9a-f]{20}");
    assertThat(ledger.all()).singleElement().satisfies(e -> {
      assertThat(e.refundId()).isEqualTo(body.get("refund_id"));
      assertThat(e.amount()).isEqualByComparingTo("10.00");
      assertThat(e.customerId()).isEqualTo("customer-1");
      assertThat(e.idempotencyKey()).isEqualTo("test:a");
    });
    assertThat(payments.charges()).hasSize(1);
  }

  @Test
  void refundBeyondWhatRemains_isRefusedLedgerUnchanged() {
    McpSyncClient customer2 = client("customer-2");
    CallToolResult result = issue(customer2, refund("ord_0005", "1.00", "GBP"), null); // fully refunded

    assertThat(result.isError()).isTrue();
    assertThat(McpClients.text(result)).isEqualTo(
        "amount: 1.00 (expected: <= 0.00, what remains refundable of order ord_0005)");
    assertThat(ledger.all()).isEmpty();
    assertThat(payments.charges()).isEmpty();
  }

  @Test
  void malformedAmounts_areRefusedBeforeAnyMoneyMoves() {
    McpSyncClient customer2 = client("customer-2");
    for (String amount : List.of("-5", "abc", "1.005", "1e2", "99999999")) {
      assertThat(refusedOrRejected(customer2, refund("ord_0004", amount, "GBP")))
          .as("amount %s", amount).isTrue();
    }
    assertThat(refusedOrRejected(customer2, Map.of("order_id", "ord_0004", "amount", 5,
        "currency", "GBP", "reason", "numeric"))).isTrue();
    assertThat(ledger.all()).isEmpty();
  }

  // the SDK may reject schema violations as a tool error or as a JSON-RPC error; either is a no
  private static boolean refusedOrRejected(McpSyncClient client, Map<String, Object> args) {
    try {
      return issue(client, args, null).isError();
    } catch (McpError e) {
      return true;
    }
  }

  @Test
  void anotherCustomersOrder_isRefusedAsNotFound() {
    CallToolResult result = issue(client("customer-1"), refund("ord_0004", "5.00", "GBP"), null);

    assertThat(result.isError()).isTrue();
    assertThat(McpClients.text(result)).isEqualTo("order ord_0004 not found");
    assertThat(ledger.all()).isEmpty();
  }

  @Test
  void callWithoutToken_isRefusedByTheBackendItself() {
    CallToolResult result = issue(client(null), refund("ord_0001", "5.00", "EUR"), null);

    assertThat(McpClients.text(result)).isEqualTo("refused: missing_token");
    assertThat(ledger.all()).isEmpty();
  }

  @Test
  void sameIdempotencyKeyTwice_paysOnceAndAnswersTheSame() {
    McpSyncClient customer1 = client("customer-1");
    CallToolResult first = issue(customer1, refund("ord_0001", "10.00", "EUR"), "same");
    CallToolResult second = issue(customer1, refund("ord_0001", "10.00", "EUR"), "same");

    assertThat(second.structuredContent()).isEqualTo(first.structuredContent());
    assertThat(ledger.all()).hasSize(1);
  }

  @Test
  void twentyConcurrentIdenticalRefunds_moveMoneyOnce() throws Exception {
    List<CallToolResult> results =
        concurrently(20, i -> issue(clients.get(i), refund("ord_0042", "30.00", "EUR"), "one-call"));

    assertThat(results).allSatisfy(r -> assertThat(r.isError()).isFalse());
    assertThat(results).extracting(r -> (Object) ((Map<?, ?>) r.structuredContent()).get("refund_id"))
        .containsOnly((Object) ledger.all().get(0).refundId());
    assertThat(ledger.forOrder("ord_0042")).hasSize(1);
    assertThat(payments.charges()).hasSize(1);
  }

  @Test
  void twentyConcurrentDifferentKeyRefunds_neverExceedTheOrdersTotal() throws Exception {
    // ord_0042: 166.00 EUR, nothing refunded; 20 x 25.00 asked, 6 x 25.00 fit
    List<CallToolResult> results = concurrently(20,
        i -> issue(clients.get(i), refund("ord_0042", "25.00", "EUR"), "key-" + i));

    assertThat(results).filteredOn(r -> !r.isError()).hasSize(6);
    BigDecimal paid = ledger.forOrder("ord_0042").stream()
        .map(LedgerEntry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(paid).isEqualByComparingTo("150.00");
    assertThat(payments.charges()).hasSize(6);
  }

  /** Runs {@code call} for clients 0..n-1 of customer-42, released together. */
  private List<CallToolResult> concurrently(int n, java.util.function.IntFunction<CallToolResult> call)
      throws Exception {
    for (int i = 0; i < n; i++) {
      client("customer-42");
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<CallToolResult>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          go.await();
          return call.apply(index);
        }));
      }
      go.countDown();
      List<CallToolResult> results = new ArrayList<>();
      for (Future<CallToolResult> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
