package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.backends.refunds.LedgerEntry;
import dev.mcpbroker.backends.refunds.LedgerView;
import dev.mcpbroker.cli.Demo;
import dev.mcpbroker.testing.InspectorCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 5's end-to-end check, every step a run of {@code @modelcontextprotocol/inspector-cli}
 * against the demo, judged by the ledger: look up an order and refund part of it under the cap
 * (exactly one ledger entry); refund the same amount again, beyond what remains (refused, ledger
 * unchanged); refund another customer's order (denied, ledger unchanged); call the refunds backend
 * directly, without the broker (refused).
 *
 * <p>The demo runs the shipped {@code tools.yaml} and {@code policies.yaml} with one rule relaxed:
 * the shipped policy refunds only an order looked up in the same MCP session, and the inspector
 * CLI opens a session per call, so here the refund rule drops that one condition (and the embedded
 * test that checks it). Ownership, what remains, the caps, the backends' action tokens and their
 * own re-checks are all as shipped. {@link DemoEndToEndTest} drives the shipped policy unchanged,
 * look-up and refund in one session with a plain MCP client.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoInspectorCliTest {
  private static final String SAME_SESSION_CONDITION =
      "session.looked_up_orders.exists(o, o == args.order_id)\n      && ";
  private static final String SAME_SESSION_TEST = """
        - name: a refund without a prior look-up is denied
          principal: {agent: refund-agent, subject: customer-42}
          tool: issue_refund
          args: {order_id: ord_0042, amount: "10.00", currency: EUR, reason: damaged}
          session: {looked_up_orders: [ord_0007]}
          facts: {order: {customer_id: customer-42, currency: EUR, total: "166.00", refunded: "0.00"}}
          expect: {decision: deny, reason: refund_not_allowed}
      """;

  private static Demo demo;

  @BeforeAll
  static void start() throws Exception {
    Path root = Files.createTempDirectory("mcp-broker-demo-inspector");
    Path config = Files.createDirectory(root.resolve("config"));
    Files.copy(Path.of("config/tools.yaml"), config.resolve("tools.yaml"));
    String policy = Files.readString(Path.of("config/policies.yaml"));
    assertThat(policy).as("the shipped policy's same-session condition").contains(SAME_SESSION_CONDITION)
        .contains(SAME_SESSION_TEST);
    Files.writeString(config.resolve("policies.yaml"),
        policy.replace(SAME_SESSION_CONDITION, "").replace(SAME_SESSION_TEST, ""));
    Files.writeString(config.resolve("broker.yaml"), "auth:\n  devIssuer: true\n  devIssuerKeyFile: "
        + root.resolve("dev-issuer-key.json") + "\n");
    demo = Demo.start(config, root.resolve("demo-db"), 0, Map.of());
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  /** Runs the inspector CLI: {@code tool} with {@code toolArgs} at {@code url}, as demo-agent for customer-42. */
  private static InspectorCli.Result inspector(java.net.URI url, String tool, String... toolArgs) throws Exception {
    String token = demo.broker().identity().devIssuer().mint("demo-agent", "customer-42", Duration.ofMinutes(10),
        Set.of(), Map.of());
    List<String> args = new ArrayList<>(List.of("--header", "Authorization: Bearer " + token,
        "--method", "tools/call", "--tool-name", tool));
    for (String a : toolArgs) {
      args.add("--tool-arg");
      args.add(a);
    }
    return InspectorCli.run(url, args.toArray(String[]::new));
  }

  // quoted: the inspector parses each value as JSON first, and 90.00 would become a number
  private static InspectorCli.Result refund(java.net.URI url, String orderId, String amount, String reason)
      throws Exception {
    return inspector(url, "issue_refund", "order_id=" + orderId, "amount=\"" + amount + "\"", "currency=EUR",
        "reason=" + reason);
  }

  private static List<LedgerEntry> ledger() {
    return new LedgerView(demo.database()).all();
  }

  @Test
  @Order(1)
  void lookUpAnOrder_andRefundPartOfItUnderTheCap_leavesExactlyOneLedgerEntry() throws Exception {
    var order = inspector(demo.broker().mcpUrl(), "get_order", "order_id=ord_0042");
    assertThat(order.exitCode()).as(order.output()).isZero();
    assertThat(order.output()).contains("\"customer_id\": \"customer-42\"").contains("\"total\": \"166.00\"")
        .contains("\"refunded\": \"0.00\"");

    // under demo-agent's 100.00 cap and the refunds backend's own 500.00
    var refund = refund(demo.broker().mcpUrl(), "ord_0042", "90.00", "grinder arrived broken");
    assertThat(refund.exitCode()).as(refund.output()).isZero();
    assertThat(refund.output()).contains("\"refund_id\": \"rf_").doesNotContain("\"isError\": true");
    assertThat(ledger()).singleElement().satisfies(e -> {
      assertThat(e.orderId()).isEqualTo("ord_0042");
      assertThat(e.customerId()).isEqualTo("customer-42");
      assertThat(e.amount()).isEqualByComparingTo("90.00");
      assertThat(e.currency()).isEqualTo("EUR");
      assertThat(refund.output()).contains(e.refundId());
    });
  }

  @Test
  @Order(2)
  void refundTheSameAmountAgain_beyondWhatRemains_isRefused_ledgerUnchanged() throws Exception {
    List<LedgerEntry> before = ledger();
    // 90.00 again where 76.00 remain: refused by the policy's look-up of the order, or, while that
    // look-up is cached (30 s) from before the first refund, by the refunds backend's own re-check
    var again = refund(demo.broker().mcpUrl(), "ord_0042", "90.00", "customer asked again");
    assertThat(again.output()).contains("\"isError\": true").doesNotContain("\"refund_id\"");
    assertThat(again.output()).containsAnyOf("refund_not_allowed", "expected: <= 76.00");
    assertThat(ledger()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void refundAnotherCustomersOrder_isDenied_ledgerUnchanged() throws Exception {
    List<LedgerEntry> before = ledger();
    var other = refund(demo.broker().mcpUrl(), "ord_0001", "10.00", "refund me instead");
    assertThat(other.output()).contains("\"isError\": true").doesNotContain("customer-1")
        .doesNotContain("\"refund_id\"");
    assertThat(ledger()).isEqualTo(before);
  }

  @Test
  @Order(4)
  void callTheRefundsBackendDirectly_withoutTheBroker_isRefused_ledgerUnchanged() throws Exception {
    List<LedgerEntry> before = ledger();
    // a valid session token, aimed past the broker: the backend takes only action tokens
    var direct = refund(demo.refundsUrl(), "ord_0042", "10.00", "bypass");
    assertThat(direct.output()).contains("\"isError\": true").contains("refused: malformed");
    var bare = InspectorCli.run(demo.refundsUrl(), "--method", "tools/call", "--tool-name", "issue_refund",
        "--tool-arg", "order_id=ord_0042", "--tool-arg", "amount=\"10.00\"", "--tool-arg", "currency=EUR",
        "--tool-arg", "reason=bypass");
    assertThat(bare.output()).contains("\"isError\": true").contains("refused: missing_action_token");
    assertThat(ledger()).isEqualTo(before);
  }
}
