package dev.mcpbroker.policy;

import static dev.mcpbroker.policy.Fixtures.CATALOG;
import static dev.mcpbroker.policy.Fixtures.NOW;
import static dev.mcpbroker.policy.Fixtures.json;
import static dev.mcpbroker.policy.Fixtures.order;
import static dev.mcpbroker.policy.Fixtures.orders;
import static dev.mcpbroker.policy.Fixtures.principal;
import static dev.mcpbroker.policy.Fixtures.refund;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A session's earlier calls are converted for policy once and remembered; these tests make sure
 * the remembered form never outlives the policy it was computed under, and that a long session
 * still sees every call.
 */
class SessionListsTest {
  private final PrincipalView alice = principal("refund-agent", "customer-42");
  private final FactSource facts = orders(Map.of("ord_0042", order("customer-42", "166.00", "EUR"),
      "ord_0043", order("customer-42", "166.00", "EUR")));

  @Test
  void sameHistory_afterAReloadThatChangesTheList_isReadWithTheNewDefinition() {
    PolicyEngine engine = new PolicyEngine(Fixtures.snapshot(Fixtures.POLICY), facts, Clock.fixed(NOW, ZoneOffset.UTC));
    SessionView session = new SessionView(List.of(new SessionView.Call("get_order",
        json("{'order_id':'ord_0042','note':'ord_0043'}"), Effect.ALLOW, null)));

    assertThat(engine.decide(refund(alice, "ord_0042", "10.00", session)).join().allowed()).isTrue();
    assertThat(engine.decide(refund(alice, "ord_0043", "10.00", session)).join().allowed()).isFalse();

    // the reloaded policy derives the list from another argument of the same calls
    String changed = Fixtures.POLICY.replace("looked_up_orders: {tool: get_order, value: \"call.args.order_id\"}",
        "looked_up_orders: {tool: get_order, value: \"has(call.args.note) ? call.args.note : null\"}");
    assertThat(changed).isNotEqualTo(Fixtures.POLICY);
    engine.swap(PolicySnapshot.parse(changed.getBytes(java.nio.charset.StandardCharsets.UTF_8), "policies.yaml",
        CATALOG));

    assertThat(engine.decide(refund(alice, "ord_0042", "10.00", session)).join().allowed()).isFalse();
    assertThat(engine.decide(refund(alice, "ord_0043", "10.00", session)).join().allowed()).isTrue();
  }

  @Test
  void longSession_seesEveryEarlierLookUp_decisionAfterDecision() {
    PolicyEngine engine = new PolicyEngine(Fixtures.snapshot(Fixtures.POLICY), facts, Clock.fixed(NOW, ZoneOffset.UTC));
    List<SessionView.Call> calls = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      calls.add(new SessionView.Call("get_order", json("{'order_id':'ord_" + (1000 + i) + "'}"), Effect.ALLOW, null));
    }
    calls.add(new SessionView.Call("get_order", json("{'order_id':'ord_0042'}"), Effect.ALLOW, null));
    SessionView session = new SessionView(calls);

    for (int i = 0; i < 3; i++) {
      assertThat(engine.decide(refund(alice, "ord_0042", "10.00", session)).join().allowed()).as("decision " + i).isTrue();
      assertThat(engine.decide(refund(alice, "ord_0043", "10.00", session)).join().allowed()).as("decision " + i).isFalse();
    }
  }
}
