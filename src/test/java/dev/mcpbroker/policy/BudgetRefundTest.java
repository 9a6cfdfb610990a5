package dev.mcpbroker.policy;

import static dev.mcpbroker.policy.Fixtures.NOW;
import static dev.mcpbroker.policy.Fixtures.lookedUp;
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
 * A budget counts money that moved: an allowed refund the backend then refused (or that the
 * broker never sent) gives its amount back, so it cannot exhaust the customer's daily budget.
 * The sample policy: at most 1000.00 per subject per day.
 */
class BudgetRefundTest {
  private final PrincipalView alice = principal("refund-agent", "customer-42");
  private final PolicyEngine engine = new PolicyEngine(Fixtures.snapshot(Fixtures.POLICY),
      orders(Map.of("ord_0042", order("customer-42", "166.00", "EUR"))), Clock.fixed(NOW, ZoneOffset.UTC));

  private Decision refund150() {
    return engine.decide(refund(alice, "ord_0042", "150.00", lookedUp("ord_0042"))).join();
  }

  @Test
  void refundedBudget_letsTheNextCallThrough_andOnlyThatAmount() {
    List<Decision> allowed = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Decision d = refund150();
      assertThat(d.allowed()).as("refund " + i).isTrue();
      allowed.add(d);
    }
    assertThat(allowed.get(0).obligations().orElseThrow().spent()).singleElement()
        .satisfies(s -> assertThat(s.amount()).isEqualByComparingTo("150.00"));
    Decision seventh = refund150();
    assertThat(seventh.reason()).isEqualTo(Reasons.BUDGET_EXCEEDED);

    // the backend refused the first one: its 150.00 did not move
    engine.refundBudgets(allowed.get(0));

    assertThat(refund150().allowed()).isTrue();
    assertThat(refund150().reason()).isEqualTo(Reasons.BUDGET_EXCEEDED);
  }

  @Test
  void refundingTwice_givesBackOnce() {
    Decision first = refund150();
    for (int i = 0; i < 5; i++) {
      assertThat(refund150().allowed()).isTrue();
    }
    engine.refundBudgets(first);
    engine.refundBudgets(first);

    assertThat(refund150().allowed()).isTrue();
    assertThat(refund150().reason()).isEqualTo(Reasons.BUDGET_EXCEEDED);
  }
}
