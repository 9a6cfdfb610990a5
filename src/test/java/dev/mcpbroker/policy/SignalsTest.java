package dev.mcpbroker.policy;

import static dev.mcpbroker.policy.Fixtures.principal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Policy signals: named conditions counted on allowed calls only, type-checked when the file loads
 * like rules; and the engine's observer hearing obligation refusals.
 */
class SignalsTest {
  static final String POLICY = """
      version: 1
      signals:
        high_priority: {tools: [escalate], when: 'args.priority == "high"'}
      rules:
        - {id: reads, tools: {tier: read}, effect: permit}
        - {id: refunds, tools: [issue_refund], effect: permit}
        - id: escalate
          tools: [escalate]
          effect: permit
          obligations:
            rate_limit: {per: subject, window: 1h, max: 1}
        - {id: no-drop, tools: [escalate], effect: forbid, when: 'args.summary == "drop"', reason: no_drop}
      """;

  /** Records what the engine reports. */
  static final class Recorder implements PolicyObserver {
    final List<String> events = new ArrayList<>();
    int evaluations;

    @Override
    public void evaluated(long nanos) {
      evaluations++;
    }

    @Override
    public void obligationHit(String tool, String kind) {
      events.add("hit " + tool + " " + kind);
    }

    @Override
    public void signal(String tool, String signal) {
      events.add("signal " + tool + " " + signal);
    }
  }

  @Test
  void signal_isCountedOnAllowedCallsOnly_andObligationRefusalsAreReported() {
    PolicyEngine engine = SemanticsTest.engine(POLICY, Map.of());
    Recorder seen = new Recorder();
    engine.observe(seen);
    var alice = principal("refund-agent", "customer-42");

    Decision denied = engine.decide(SemanticsTest.call(alice, "escalate", "{'summary':'drop','priority':'high'}")).join();
    Decision allowed = engine.decide(SemanticsTest.call(alice, "escalate", "{'summary':'x','priority':'high'}")).join();
    Decision limited = engine.decide(SemanticsTest.call(alice, "escalate", "{'summary':'y','priority':'high'}")).join();

    assertThat(denied.reason()).isEqualTo("no_drop");
    assertThat(allowed.allowed()).isTrue();
    assertThat(limited.reason()).isEqualTo(Reasons.RATE_LIMITED);
    assertThat(seen.events).containsExactly("signal escalate high_priority", "hit escalate rate_limit");
    assertThat(seen.evaluations).isEqualTo(3);
  }

  @Test
  void signal_namingAnUndeclaredTool_isRejectedAtLoad() {
    assertThatThrownBy(() -> Fixtures.snapshot(POLICY.replace("tools: [escalate], when", "tools: [nope], when")))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("signals.high_priority.tools[0]").hasMessageContaining("\"nope\"");
  }

  @Test
  void signal_thatIsNotACondition_isRejectedAtLoad() {
    assertThatThrownBy(() -> Fixtures.snapshot(POLICY.replace("'args.priority == \"high\"'", "'1 + 2'")))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("signals.high_priority.when").hasMessageContaining("expected: a condition giving bool");
  }

  @Test
  void signal_withAnUnknownKey_isRejectedAtLoad() {
    assertThatThrownBy(() -> Fixtures.snapshot(POLICY.replace("{tools: [escalate],", "{tools: [escalate], shadow: true,")))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("shadow");
  }
}
