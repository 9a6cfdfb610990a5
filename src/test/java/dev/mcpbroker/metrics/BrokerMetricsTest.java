package dev.mcpbroker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class BrokerMetricsTest {
  private final BrokerMetrics metrics = new BrokerMetrics(Set.of("issue_refund", "get_order"));

  @Test
  void denial_isCountedByToolAndReason_andAsADenyDecision() {
    metrics.denied("issue_refund", "refund_not_allowed");
    metrics.denied("issue_refund", "refund_not_allowed");

    assertThat(metrics.denials("issue_refund", "refund_not_allowed")).isEqualTo(2.0);
    assertThat(metrics.scrape())
        .contains("mcp_broker_denials_total{reason=\"refund_not_allowed\",tool=\"issue_refund\"} 2.0")
        .contains("mcp_broker_decisions_total{decision=\"deny\",tool=\"issue_refund\"} 2.0");
  }

  @Test
  void toolNameNotInTheCatalog_neverBecomesALabel() {
    metrics.denied("drop_tables_\u202e", "unknown_tool");

    assertThat(metrics.scrape()).doesNotContain("drop_tables")
        .contains("mcp_broker_denials_total{reason=\"unknown_tool\",tool=\"unknown\"} 1.0");
  }

  @Test
  void reasonNotShapedLikeACode_isOther() {
    metrics.denied(BrokerMetrics.NO_TOOL, "Bearer eyJhbGciOi attacker text");

    assertThat(metrics.scrape()).doesNotContain("attacker")
        .contains("mcp_broker_denials_total{reason=\"other\",tool=\"none\"} 1.0");
  }

  @Test
  void catalogReload_changesWhichNamesAreLabels() {
    metrics.tools(Set.of("escalate"));
    metrics.denied("issue_refund", "policy_denied");
    metrics.denied("escalate", "rate_limited");

    assertThat(metrics.denials(BrokerMetrics.UNKNOWN_TOOL, "policy_denied")).isEqualTo(1.0);
    assertThat(metrics.denials("escalate", "rate_limited")).isEqualTo(1.0);
  }
}
