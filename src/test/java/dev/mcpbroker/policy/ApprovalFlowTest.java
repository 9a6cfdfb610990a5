package dev.mcpbroker.policy;

import dev.mcpbroker.testing.MutableClock;
import static dev.mcpbroker.policy.Fixtures.lookedUp;
import static dev.mcpbroker.policy.Fixtures.order;
import static dev.mcpbroker.policy.Fixtures.principal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Approval above the threshold: held, approved once, used once, bound to the exact arguments. */
class ApprovalFlowTest {
  final MutableClock clock = new MutableClock(Fixtures.NOW);
  final List<Approval> changes = new ArrayList<>();
  final PolicyEngine engine = new PolicyEngine(Fixtures.snapshot(Fixtures.POLICY),
      Fixtures.orders(Map.of("ord_0042", order("customer-42", "500.00", "EUR"))),
      new Approvals(clock, changes::add), PolicyEngine.DEFAULT_FACT_TIMEOUT);
  final PrincipalView alice = principal("refund-agent", "customer-42");

  Decision refund(String amount) {
    CallInput in = new CallInput(alice, "issue_refund",
        Fixtures.json("{'order_id':'ord_0042','amount':'" + amount + "'}"), lookedUp("ord_0042"), clock.instant());
    return engine.decide(in).join();
  }

  static String approvalId(Decision d) {
    return d.obligations().orElseThrow().approvalId().orElseThrow();
  }

  @Test
  void aboveThreshold_isHeld_andTheSameCallWhilePendingGetsTheSameApproval() {
    Decision first = refund("180.00");
    Decision again = refund("180.00");

    assertThat(first.effect()).isEqualTo(Effect.HELD);
    assertThat(first.reason()).isEqualTo(Reasons.APPROVAL_REQUIRED);
    assertThat(approvalId(again)).isEqualTo(approvalId(first));
    assertThat(engine.approvals().pending()).extracting(Approval::id).containsExactly(approvalId(first));
  }

  @Test
  void approvedCall_executesExactlyOnce() {
    String id = approvalId(refund("180.00"));
    assertThat(engine.approvals().approve(id, "ops@example.com")).isTrue();

    Decision approved = refund("180.00");
    Decision replay = refund("180.00");

    assertThat(approved.effect()).isEqualTo(Effect.ALLOW);
    assertThat(approvalId(approved)).isEqualTo(id);
    assertThat(replay.effect()).as("used up: asks again").isEqualTo(Effect.HELD);
    assertThat(approvalId(replay)).isNotEqualTo(id);
    assertThat(engine.approvals().get(id)).get()
        .satisfies(a -> assertThat(a.state()).isEqualTo(Approval.State.USED))
        .satisfies(a -> assertThat(a.approver()).isEqualTo("ops@example.com"));
    assertThat(changes).extracting(Approval::state)
        .containsExactly(Approval.State.PENDING, Approval.State.APPROVED, Approval.State.USED, Approval.State.PENDING);
  }

  @Test
  void changedArgumentAfterApproval_needsANewApproval() {
    String id = approvalId(refund("180.00"));
    engine.approvals().approve(id, "ops@example.com");

    Decision changed = refund("181.00");

    assertThat(changed.effect()).isEqualTo(Effect.HELD);
    assertThat(approvalId(changed)).isNotEqualTo(id);
    assertThat(refund("180.00").effect()).as("the approved call is still good").isEqualTo(Effect.ALLOW);
  }

  @Test
  void rejectedCall_isDenied() {
    String id = approvalId(refund("180.00"));
    assertThat(engine.approvals().reject(id, "ops@example.com")).isTrue();

    Decision d = refund("180.00");

    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.reason()).isEqualTo(Reasons.APPROVAL_REJECTED);
    assertThat(engine.approvals().approve(id, "someone-else")).as("decided once").isFalse();
  }

  @Test
  void approvalPastItsTtl_isNotUsed() {
    String id = approvalId(refund("180.00"));
    engine.approvals().approve(id, "ops@example.com");
    clock.advance(Duration.ofMinutes(16));

    Decision d = refund("180.00");

    assertThat(d.effect()).isEqualTo(Effect.HELD);
    assertThat(approvalId(d)).isNotEqualTo(id);
  }

  @Test
  void approve_unknownOrLapsedId_isRefused() {
    String id = approvalId(refund("180.00"));
    clock.advance(Duration.ofMinutes(16));

    assertThat(engine.approvals().approve("apr_nope", "ops")).isFalse();
    assertThat(engine.approvals().approve(id, "ops")).isFalse();
  }
}
