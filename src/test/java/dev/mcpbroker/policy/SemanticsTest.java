package dev.mcpbroker.policy;

import static dev.mcpbroker.policy.Fixtures.lookedUp;
import static dev.mcpbroker.policy.Fixtures.order;
import static dev.mcpbroker.policy.Fixtures.principal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Combination rules, errors, facts, shadow, rewrites and the stateful obligations. */
class SemanticsTest {
  static final Clock CLOCK = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
  final PrincipalView alice = principal("refund-agent", "customer-42");

  static PolicyEngine engine(String policy, Map<String, JsonNode> orders) {
    return new PolicyEngine(Fixtures.snapshot(policy), Fixtures.orders(orders), CLOCK);
  }

  static PolicyEngine sample(JsonNode order42) {
    return engine(Fixtures.POLICY, Map.of("ord_0042", order42));
  }

  static CallInput call(PrincipalView p, String tool, String args) {
    return new CallInput(p, tool, Fixtures.json(args), SessionView.EMPTY, Fixtures.NOW);
  }

  /** A policy covering every tool with {@code rules} for escalate and plain permits elsewhere. */
  static String policy(String limits, String escalateRules) {
    return "version: 1\n" + limits
        + "rules:\n"
        + "  - {id: reads, tools: {tier: read}, effect: permit}\n"
        + "  - {id: refunds, tools: [issue_refund], effect: permit}\n"
        + escalateRules;
  }

  @Test
  void forbid_beatsPermit() {
    PolicyEngine e = engine(policy("", """
          - {id: allow-all, tools: [escalate], effect: permit}
          - {id: no-high, tools: [escalate], effect: forbid, when: 'args.priority == "high"', reason: no_high}
        """), Map.of());

    Decision d = e.decide(call(alice, "escalate", "{'summary':'x','priority':'high'}")).join();

    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.reason()).isEqualTo("no_high");
    assertThat(d.ruleIds()).containsExactly("no-high");
  }

  @Test
  void noMatchingPermit_isDeniedByDefault() {
    PolicyEngine e = engine(policy("", """
          - {id: only-high, tools: [escalate], effect: permit, when: 'args.priority == "high"'}
        """), Map.of());

    Decision d = e.decide(call(alice, "escalate", "{'summary':'x','priority':'low'}")).join();

    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.reason()).isEqualTo(Reasons.NO_MATCHING_RULE);
    assertThat(d.ruleIds()).isEmpty();
  }

  @Test
  void evaluationError_isDeniedAsPolicyError() {
    Decision d = sample(order("customer-42", "lots", "EUR"))
        .decide(Fixtures.refund(alice, "ord_0042", "10.00", lookedUp("ord_0042"))).join();

    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.reason()).isEqualTo(Reasons.POLICY_ERROR);
    assertThat(d.detail()).contains("\"lots\"").contains("expected: a decimal string");
  }

  @Test
  void missingArgumentField_isAPolicyErrorNotAnAllow() {
    PolicyEngine e = engine(policy("", """
          - {id: only-high, tools: [escalate], effect: permit, when: 'args.priority == "high"'}
        """), Map.of());

    Decision d = e.decide(call(alice, "escalate", "{'summary':'x'}")).join();

    assertThat(d.reason()).isEqualTo(Reasons.POLICY_ERROR);
  }

  @Test
  void unreachableFactSource_isDeniedFactUnavailable() {
    PolicyEngine e = new PolicyEngine(Fixtures.snapshot(Fixtures.POLICY),
        (tool, args, p) -> CompletableFuture.failedFuture(new java.io.IOException("connection refused")), CLOCK);

    Decision d = e.decide(Fixtures.refund(alice, "ord_0042", "10.00", lookedUp("ord_0042"))).join();

    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.reason()).isEqualTo(Reasons.FACT_UNAVAILABLE);
  }

  @Test
  void facts_areCachedForTheirTtl_andFetchedWithTheCallsArguments() {
    AtomicInteger fetches = new AtomicInteger();
    PolicyEngine e = new PolicyEngine(Fixtures.snapshot(Fixtures.POLICY), (tool, args, p) -> {
      fetches.incrementAndGet();
      assertThat(tool).isEqualTo("get_order");
      assertThat(args.path("order_id").asText()).isEqualTo("ord_0042");
      return CompletableFuture.completedFuture(order("customer-42", "166.00", "EUR"));
    }, CLOCK);

    for (int i = 0; i < 3; i++) {
      assertThat(e.decide(Fixtures.refund(alice, "ord_0042", "10.00", lookedUp("ord_0042"))).join().effect())
          .isEqualTo(Effect.ALLOW);
    }
    assertThat(fetches).hasValue(1);
  }

  @Test
  void shadowRule_isReported_butNotEnforced() {
    Decision d = sample(order("customer-42", "1.00", "EUR"))
        .decide(call(alice, "escalate", "{'summary':'x','priority':'low'}")).join();

    assertThat(d.effect()).isEqualTo(Effect.ALLOW);
    assertThat(d.shadow()).get().satisfies(s -> {
      assertThat(s.effect()).isEqualTo(Effect.DENY);
      assertThat(s.reason()).isEqualTo("low_priority_escalation");
      assertThat(s.matched()).containsExactly("no-low-priority-escalations");
      assertThat(s.differs()).isTrue();
    });
  }

  @Test
  void rewrite_thatBreaksTheSchema_isDeniedRewriteInvalid() {
    Decision d = sample(order("customer-42", "166.00", "GBP"))
        .decide(Fixtures.refund(alice, "ord_0042", "10.00", lookedUp("ord_0042"))).join();

    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.reason()).isEqualTo(Reasons.REWRITE_INVALID);
    assertThat(d.detail()).contains("currency");
  }

  @Test
  void rewrite_reportsOriginalAndFinalArguments() {
    CallInput in = new CallInput(alice, "issue_refund",
        Fixtures.json("{'order_id':'ord_0042','amount':'10.00','currency':'USD','note':'x'}"), lookedUp("ord_0042"), Fixtures.NOW);

    Decision d = sample(order("customer-42", "166.00", "EUR")).decide(in).join();

    assertThat(d.originalArgs()).isEqualTo(Fixtures.json("{'order_id':'ord_0042','amount':'10.00','currency':'USD','note':'x'}"));
    assertThat(d.finalArgs()).isEqualTo(Fixtures.json("{'order_id':'ord_0042','amount':'10.00','currency':'EUR'}"));
    assertThat(in.args().has("note")).as("the input is never mutated").isTrue();
  }

  @Test
  void rateLimit_deniesTheCallOverTheMax() {
    PolicyEngine e = sample(order("customer-42", "1.00", "EUR"));
    for (int i = 0; i < 3; i++) {
      assertThat(e.decide(call(alice, "escalate", "{'summary':'x" + i + "'}")).join().effect()).isEqualTo(Effect.ALLOW);
    }

    Decision fourth = e.decide(call(alice, "escalate", "{'summary':'y'}")).join();
    Decision otherSubject = e.decide(call(principal("refund-agent", "customer-7"), "escalate", "{'summary':'y'}")).join();

    assertThat(fourth.reason()).isEqualTo(Reasons.RATE_LIMITED);
    assertThat(otherSubject.effect()).as("per subject").isEqualTo(Effect.ALLOW);
  }

  @Test
  void budget_deniesTheRefundThatWouldExceedIt_andDoesNotChargeIt() {
    PolicyEngine e = sample(order("customer-42", "166.00", "EUR"));
    for (int i = 0; i < 6; i++) { // 6 x 150.00 = 900.00 of 1000.00
      assertThat(e.decide(Fixtures.refund(alice, "ord_0042", "150.00", lookedUp("ord_0042"))).join().effect())
          .isEqualTo(Effect.ALLOW);
    }

    Decision over = e.decide(Fixtures.refund(alice, "ord_0042", "100.01", lookedUp("ord_0042"))).join();
    Decision exact = e.decide(Fixtures.refund(alice, "ord_0042", "100.00", lookedUp("ord_0042"))).join();

    assertThat(over.reason()).isEqualTo(Reasons.BUDGET_EXCEEDED);
    assertThat(exact.effect()).as("up to the budget exactly").isEqualTo(Effect.ALLOW);
  }

  @Test
  void sessionCallCap_deniesCallsPastIt() {
    PolicyEngine e = engine(policy("limits: {session_calls: 2}\n", """
          - {id: esc, tools: [escalate], effect: permit}
        """), Map.of());

    e.decide(call(alice, "escalate", "{'summary':'1'}")).join();
    e.decide(call(alice, "escalate", "{'summary':'2'}")).join();
    Decision third = e.decide(call(alice, "escalate", "{'summary':'3'}")).join();

    assertThat(third.reason()).isEqualTo(Reasons.SESSION_CALL_CAP);
  }

  @Test
  void unknownTool_isDenied() {
    Decision d = sample(order("customer-42", "1.00", "EUR")).decide(call(alice, "drop_tables", "{}")).join();

    assertThat(d.reason()).isEqualTo(Reasons.UNKNOWN_TOOL);
  }

  @Test
  void cacheableDecision_isServedFromCache_andNeverAcrossVersions() {
    PolicyEngine e = sample(order("customer-42", "1.00", "EUR"));
    CallInput own = call(alice, "list_orders", "{'customer_id':'customer-42'}");
    assertThat(e.snapshot().rulesFor("list_orders").orElseThrow().cacheable()).isTrue();
    assertThat(e.snapshot().rulesFor("issue_refund").orElseThrow().cacheable()).isFalse();

    Decision first = e.decide(own).join();
    Decision second = e.decide(own).join();
    e.swap(Fixtures.snapshot(Fixtures.POLICY.replace(
        "when: args.customer_id == principal.subject", "when: args.customer_id == \"nobody\"")
        .replace("tests:", "tests_removed:").replaceAll("(?s)tests_removed:.*", "")));
    Decision afterSwap = e.decide(own).join();

    assertThat(first.effect()).isEqualTo(Effect.ALLOW);
    assertThat(second).isEqualTo(first);
    assertThat(afterSwap.effect()).isEqualTo(Effect.DENY);
    assertThat(afterSwap.policyVersion()).isNotEqualTo(first.policyVersion());
  }
}
