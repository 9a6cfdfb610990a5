package dev.mcpbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The policies the project ships load and pass their embedded tests: {@code config/} as it stands,
 * and the refund policy against a catalog that also declares {@code issue_refund} and {@code
 * escalate} ({@code src/test/resources/shipped/}, which becomes {@code config/policies.yaml} once
 * {@code config/tools.yaml} declares those tools). The embedded tests are the table of every rule
 * on both sides of each boundary.
 */
class ShippedPolicyTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int policyTest(String dir) {
    return PolicyCommands.test(new String[] {dir}, new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @Test
  void configPolicy_loadsAgainstConfigCatalog_andItsTestsPass() {
    assertThat(policyTest("config")).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 failed").doesNotContain("FAIL");
  }

  @Test
  void refundPolicy_loadsAgainstTheFullCatalog_andEveryBoundaryTestPasses() {
    assertThat(policyTest("src/test/resources/shipped")).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("18 passed, 0 failed")
        .contains("PASS refund one cent over the effective cap is denied")
        .contains("PASS one cent over the remaining refundable amount is denied (a second refund)");
  }
}
