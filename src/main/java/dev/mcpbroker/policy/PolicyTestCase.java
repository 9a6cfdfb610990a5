package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One test case embedded in {@code policies.yaml}: a call and the decision it must get.
 *
 * @param session the {@code session} variable as the rules see it (e.g. {@code looked_up_orders})
 * @param facts the {@code facts} variable, by fact name, instead of live look-ups
 * @param expectReason the expected reason code, when the test names one
 * @param expectRewritten fields the final arguments must hold, when the test names them
 * @param expectRules rule ids that must have decided, when the test names them
 */
record PolicyTestCase(
    String path,
    String name,
    PrincipalView principal,
    String tool,
    ObjectNode args,
    ObjectNode session,
    ObjectNode facts,
    Instant now,
    Effect expectDecision,
    Optional<String> expectReason,
    Optional<ObjectNode> expectRewritten,
    Optional<List<String>> expectRules,
    int line) {
  PolicyTestCase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(expectDecision, "expect.decision");
  }
}
