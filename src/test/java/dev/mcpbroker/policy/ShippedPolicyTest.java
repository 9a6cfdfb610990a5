package dev.mcpbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The shipped policy ({@code config/policies.yaml}, the refund scenario) loads against the shipped
 * catalog and passes its embedded tests: the table of every rule on both sides of each boundary,
 * the same check {@code mcp-broker policy test config} gives a platform team.
 */
class ShippedPolicyTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int policyTest(String dir) {
    return PolicyCommands.test(new String[] {dir}, new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @Test
  void refundPolicy_loadsAgainstTheFullCatalog_andEveryBoundaryTestPasses() {
    assertThat(policyTest("config")).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("19 passed, 0 failed")
        .contains("PASS refund one cent over the effective cap is denied")
        .contains("PASS one cent over the remaining refundable amount is denied (a second refund)")
        .contains("PASS a zero refund is denied with its own reason");
  }
}
