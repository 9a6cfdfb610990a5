package dev.mcpbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mcp-broker policy test} and {@code policy explain}. */
class PolicyCommandsTest {
  @TempDir Path dir;
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @BeforeEach
  void files() throws Exception {
    Files.writeString(dir.resolve("tools.yaml"), Fixtures.resource("tools.yaml"));
    Files.writeString(dir.resolve("policies.yaml"), Fixtures.POLICY);
  }

  String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void test_passingCases_exitZero_andPrintEachCase() {
    int code = PolicyCommands.test(new String[] {dir.toString()}, out);

    assertThat(code).isZero();
    assertThat(output()).contains("PASS refund within cap is allowed", "PASS refund above the approval threshold is held")
        .contains("4 passed, 0 failed");
  }

  @Test
  void test_failingCase_exitOne_andSaysWhatDiffered() throws Exception {
    Files.writeString(dir.resolve("policies.yaml"),
        Fixtures.POLICY.replace("expect: {decision: deny, reason: not_own_orders}", "expect: {decision: allow}"));

    int code = PolicyCommands.test(new String[] {dir.toString()}, out);

    assertThat(code).isEqualTo(1);
    assertThat(output()).contains("FAIL listing someone else's orders is denied (policies.yaml:")
        .contains("decision: deny (not_own_orders) (expected: allow)").contains("3 passed, 1 failed");
  }

  @Test
  void test_brokenPolicy_exitTwo_withTheLine() throws Exception {
    Files.writeString(dir.resolve("policies.yaml"), Fixtures.POLICY.replace("effect: forbid", "effect: nope"));

    assertThat(PolicyCommands.test(new String[] {dir.toString()}, out)).isEqualTo(2);
    assertThat(output()).contains("policies.yaml:").contains("\"nope\" (expected: permit or forbid)");
  }

  @Test
  void explain_showsEachRuleAndTheDecision() throws Exception {
    Path call = dir.resolve("call.yaml");
    Files.writeString(call, """
        principal: {agent: refund-agent, subject: customer-42}
        tool: issue_refund
        args: {order_id: ord_0042, amount: "170.00"}
        session: {looked_up_orders: [ord_0042]}
        facts: {order: {customer_id: customer-42, remaining: "166.00", currency: EUR}}
        """);

    int code = PolicyCommands.explain(new String[] {dir.toString(), "--call", call.toString()}, out);

    assertThat(code).isZero();
    assertThat(output()).contains("rule refund-own-looked-up-order", "no match")
        .contains("rule no-refund-when-fully-refunded").contains("decision deny (refund_not_allowed)");
  }

  @Test
  void explain_withoutCall_printsUsage() {
    assertThat(PolicyCommands.explain(new String[] {dir.toString()}, out)).isEqualTo(2);
    assertThat(output()).contains("usage: mcp-broker policy explain");
  }
}
