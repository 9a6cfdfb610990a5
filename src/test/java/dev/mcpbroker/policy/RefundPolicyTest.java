package dev.mcpbroker.policy;

import static dev.mcpbroker.policy.Fixtures.lookedUp;
import static dev.mcpbroker.policy.Fixtures.order;
import static dev.mcpbroker.policy.Fixtures.principal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The refund rules of the sample policy on both sides of every boundary. Caps: refund-agent 500,
 * junior-agent 50; customer-42 200, anyone else 100; customer-77 and lookup-agent have no refund
 * limit. Approval above 150.
 */
class RefundPolicyTest {
  static final Map<String, ?> ORDERS = Map.of(
      "ord_0042", order("customer-42", "166.00", "EUR"),
      "ord_0007", order("customer-7", "500.00", "EUR"),
      "ord_0080", order("customer-7", "80.00", "USD"),
      "ord_0099", order("customer-99", "500.00", "EUR"),
      "ord_0000", order("customer-7", "0.00", "EUR"),
      "ord_0077", order("customer-77", "500.00", "EUR"),
      "ord_4200", order("customer-42", "500.00", "EUR"));

  static Stream<Arguments> cases() {
    return Stream.of(
        // name, agent, subject, order, amount, looked up?, effect, reason
        Arguments.of("within cap", "refund-agent", "customer-42", "ord_0042", "50.00", true, Effect.ALLOW, ""),
        Arguments.of("at the cap (subject *: 100)", "refund-agent", "customer-7", "ord_0007", "100.00", true, Effect.ALLOW, ""),
        Arguments.of("one cent over the cap", "refund-agent", "customer-7", "ord_0007", "100.01", true, Effect.DENY, "refund_not_allowed"),
        Arguments.of("at customer-42's cap, above approval", "refund-agent", "customer-42", "ord_4200", "200.00", true, Effect.HELD, "approval_required"),
        Arguments.of("one cent over customer-42's cap", "refund-agent", "customer-42", "ord_4200", "200.01", true, Effect.DENY, "refund_not_allowed"),
        Arguments.of("at the approval threshold", "refund-agent", "customer-42", "ord_4200", "150.00", true, Effect.ALLOW, ""),
        Arguments.of("one cent over the approval threshold", "refund-agent", "customer-42", "ord_4200", "150.01", true, Effect.HELD, "approval_required"),
        Arguments.of("exactly the remaining amount", "refund-agent", "customer-7", "ord_0080", "80.00", true, Effect.ALLOW, ""),
        Arguments.of("one cent over the remaining amount", "refund-agent", "customer-7", "ord_0080", "80.01", true, Effect.DENY, "refund_not_allowed"),
        Arguments.of("a foreign order", "refund-agent", "customer-7", "ord_0099", "10.00", true, Effect.DENY, "refund_not_allowed"),
        Arguments.of("no prior look-up", "refund-agent", "customer-42", "ord_0042", "10.00", false, Effect.DENY, "refund_not_allowed"),
        Arguments.of("a fully refunded order", "refund-agent", "customer-7", "ord_0000", "10.00", true, Effect.DENY, "order_fully_refunded"),
        Arguments.of("intersection: junior at its own cap", "junior-agent", "customer-42", "ord_0042", "50.00", true, Effect.ALLOW, ""),
        Arguments.of("intersection: junior one cent over", "junior-agent", "customer-42", "ord_0042", "50.01", true, Effect.DENY, "refund_not_allowed"),
        Arguments.of("subject without the entitlement", "refund-agent", "customer-77", "ord_0077", "1.00", true, Effect.DENY, "refund_not_allowed"),
        Arguments.of("agent without the entitlement", "lookup-agent", "customer-42", "ord_0042", "1.00", true, Effect.DENY, "refund_not_allowed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refund(String name, String agent, String subject, String orderId, String amount, boolean lookedUp,
      Effect effect, String reason) {
    @SuppressWarnings("unchecked")
    PolicyEngine engine = new PolicyEngine(Fixtures.snapshot(Fixtures.POLICY),
        Fixtures.orders((Map<String, com.fasterxml.jackson.databind.JsonNode>) ORDERS), Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
    SessionView session = lookedUp ? lookedUp(orderId) : lookedUp("ord_1234");

    Decision d = engine.decide(Fixtures.refund(principal(agent, subject), orderId, amount, session)).join();

    assertThat(d.effect()).as(d.toString()).isEqualTo(effect);
    assertThat(d.reason()).isEqualTo(reason);
    assertThat(d.policyVersion()).isEqualTo(engine.snapshot().version());
    assertThat(d.originalArgs().path("amount").asText()).isEqualTo(amount);
    if (effect == Effect.ALLOW) {
      assertThat(d.ruleIds()).containsExactly("refund-own-looked-up-order");
      assertThat(d.finalArgs().path("currency").asText()).as("currency pinned to the order's")
          .isEqualTo(((com.fasterxml.jackson.databind.JsonNode) ORDERS.get(orderId)).path("currency").asText());
      assertThat(d.obligations()).get().extracting(Obligations::budgets).asList()
          .containsExactly("refund-own-looked-up-order:budget:subject:" + subject);
    }
  }
}
