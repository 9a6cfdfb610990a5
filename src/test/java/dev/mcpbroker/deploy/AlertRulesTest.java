package dev.mcpbroker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpbroker.metrics.BrokerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus side of deploy/: promtool accepts the alert rules and the scrape config, the rules'
 * unit tests pass (each alert fires, and stays quiet in its near miss), and every metric the rules
 * and the dashboard name is one the broker exports (a rename on one side fails here).
 */
class AlertRulesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The Prometheus names of the broker's meters (README / notes: the metrics contract). */
  static final Set<String> BROKER_METRICS = Set.of(
      "mcp_broker_decisions_total",
      "mcp_broker_denials_total",
      "mcp_broker_obligation_hits_total",
      "mcp_broker_approvals_pending",
      "mcp_broker_approvals_total",
      "mcp_broker_upstream_calls_total",
      "mcp_broker_upstream_seconds",
      "mcp_broker_upstream_up",
      "mcp_broker_policy_reloads_total",
      "mcp_broker_policy_signals_total",
      "mcp_broker_audit_appends_total",
      "mcp_broker_audit_failures_total",
      "mcp_broker_audit_append_seconds",
      "mcp_broker_call_seconds",
      "mcp_broker_policy_evaluation_seconds",
      "mcp_broker_ready");
  private static final Pattern METRIC = Pattern.compile("\\bmcp_broker_[a-z0-9_]+");
  private static final Pattern HISTOGRAM_SERIES = Pattern.compile("(.*_seconds)_(bucket|count|sum)");

  @TempDir Path tmp;

  @Test
  void promtool_checksTheRules() throws Exception {
    Promtool.Result r = Promtool.run("check", "rules", "deploy/prometheus/alerts.yml");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void promtool_ruleUnitTests_pass() throws Exception {
    Promtool.Result r = Promtool.run("test", "rules", "deploy/prometheus/alerts_test.yml");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void ruleUnitTests_coverEveryAlert_withAFiringCaseAndAQuietOne() throws Exception {
    Set<String> alerts = new TreeSet<>();
    for (JsonNode group : YAML.readTree(Path.of("deploy/prometheus/alerts.yml").toFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        alerts.add(rule.path("alert").asText());
        assertThat(rule.path("labels").path("severity").asText()).as(rule.toString()).isIn("critical", "warning");
        assertThat(rule.path("annotations").path("summary").asText()).as(rule.toString()).isNotBlank();
        assertThat(rule.path("annotations").path("description").asText()).as(rule.toString()).contains("/");
      }
    }
    Set<String> fires = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (JsonNode test : YAML.readTree(Path.of("deploy/prometheus/alerts_test.yml").toFile()).path("tests")) {
      for (JsonNode t : test.path("alert_rule_test")) {
        (t.path("exp_alerts").isEmpty() ? quiet : fires).add(t.path("alertname").asText());
      }
    }
    assertThat(alerts).hasSize(7);
    assertThat(fires).as("alerts with a test where they fire").isEqualTo(alerts);
    assertThat(quiet).as("alerts with a test where they must not fire").isEqualTo(alerts);
  }

  @Test
  void promtool_checksTheComposeScrapeConfig_withTheRulesItLoads() throws Exception {
    Promtool.Result r = Promtool.run("check", "config", "deploy/prometheus/prometheus.yml");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("7 rules found");
    JsonNode config = YAML.readTree(Path.of("deploy/prometheus/prometheus.yml").toFile());
    assertThat(config.path("scrape_configs").findValuesAsText("job_name")).contains("mcp-broker");
  }

  @Test
  void rules_nameOnlyMetricsTheBrokerExports() throws Exception {
    Set<String> used = metricNames(Files.readString(Path.of("deploy/prometheus/alerts.yml")));
    assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(BROKER_METRICS).as("metric in alerts.yml").contains(name));
    assertThat(used).contains("mcp_broker_denials_total", "mcp_broker_policy_signals_total",
        "mcp_broker_approvals_pending", "mcp_broker_audit_failures_total", "mcp_broker_ready", "mcp_broker_upstream_up");
  }

  @Test
  void dashboard_queriesParse_andNameOnlyMetricsTheBrokerExports() throws Exception {
    List<String> exprs = dashboardExpressions();
    assertThat(exprs).hasSizeGreaterThan(10);
    Set<String> used = new TreeSet<>();
    exprs.forEach(e -> used.addAll(metricNames(e)));
    assertThat(used).allSatisfy(name -> assertThat(BROKER_METRICS).as("metric in the dashboard").contains(name));
    assertThat(used).contains("mcp_broker_denials_total", "mcp_broker_call_seconds", "mcp_broker_policy_evaluation_seconds",
        "mcp_broker_upstream_seconds", "mcp_broker_upstream_calls_total", "mcp_broker_approvals_pending",
        "mcp_broker_policy_reloads_total", "mcp_broker_audit_failures_total");

    // promtool parses PromQL in recording rules; Grafana's variables get stand-in values
    ObjectNode file = YAML.createObjectNode();
    ArrayNode rules = file.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
    for (int i = 0; i < exprs.size(); i++) {
      rules.addObject().put("record", "dashboard:query" + i)
          .put("expr", exprs.get(i).replace("$__rate_interval", "5m").replace("$tool", ".*"));
    }
    Path rulesFile = tmp.resolve("dashboard-queries.yml");
    YAML.writeValue(rulesFile.toFile(), file);
    Promtool.Result r = Promtool.run("check", "rules", rulesFile.toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  @Test
  void theMetricsContract_matchesWhatBrokerMetricsExportsToday() {
    // every family the registry exports is in the contract (a timer's _max gauge belongs to its
    // family): a renamed meter fails here before it silently breaks an alert
    BrokerMetrics metrics = new BrokerMetrics(Set.of("issue_refund"));
    metrics.denied("issue_refund", "refund_not_allowed");
    Set<String> scraped = new TreeSet<>();
    metricNames(metrics.scrape()).forEach(n -> scraped.add(n.endsWith("_max") ? n.substring(0, n.length() - 4) : n));
    assertThat(scraped).contains("mcp_broker_denials_total", "mcp_broker_decisions_total", "mcp_broker_call_seconds");
    assertThat(BROKER_METRICS).containsAll(scraped);
  }

  private static List<String> dashboardExpressions() throws Exception {
    JsonNode dashboard = JSON.readTree(Path.of("deploy/grafana/dashboards/mcp-broker.json").toFile());
    List<String> exprs = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
    }
    return exprs;
  }

  private static Set<String> metricNames(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      Matcher h = HISTOGRAM_SERIES.matcher(m.group());
      names.add(h.matches() ? h.group(1) : m.group());
    }
    return names;
  }
}
