package dev.mcpbroker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The broker's meters, named once here so that the alert rules and dashboards in {@code deploy/}
 * and the code agree. Label values come from closed sets: a tool label is a catalog tool name,
 * {@link #UNKNOWN_TOOL} for a name the catalog does not declare (the client chose it, so it never
 * becomes a label) or {@link #NO_TOOL} for a refusal before any tool was named (authentication);
 * a reason label is a stable reason code (the pipeline's, the policy file's, the authenticator's).
 *
 * <pre>
 *   mcp_broker_decisions_total{tool, decision}   decision: allow | rewrite | deny | held
 *   mcp_broker_denials_total{tool, reason}       every denial, authentication and schema included
 * </pre>
 */
public final class BrokerMetrics {
  public static final String UNKNOWN_TOOL = "unknown";
  public static final String NO_TOOL = "none";
  /** A reason that is not shaped like a reason code (never expected; keeps labels bounded). */
  public static final String OTHER_REASON = "other";

  static final String DECISIONS = "mcp.broker.decisions";
  static final String DENIALS = "mcp.broker.denials";
  private static final Pattern REASON_CODE = Pattern.compile("[a-z][a-z0-9_:]{0,63}");

  private final PrometheusMeterRegistry registry;
  private volatile Set<String> tools;

  /** Creates the meters for a catalog declaring {@code tools}. */
  public BrokerMetrics(Set<String> tools) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.tools = Set.copyOf(tools);
  }

  /** Replaces the set of tool names that may become labels (after a catalog reload). */
  public void tools(Set<String> names) {
    this.tools = Set.copyOf(names);
  }

  /** Counts a refused call (or a refused request, with {@link #NO_TOOL}) and its decision. */
  public void denied(String tool, String reason) {
    String t = toolLabel(tool);
    counter(DENIALS, "tool", t, "reason", reasonLabel(reason)).increment();
    counter(DECISIONS, "tool", t, "decision", "deny").increment();
  }

  /** Counts a decision that did not refuse the call: allow, rewrite or held. */
  public void decided(String tool, String decision) {
    counter(DECISIONS, "tool", toolLabel(tool), "decision", decision).increment();
  }

  /** Returns how many denials of {@code tool} for {@code reason} were counted so far. */
  public double denials(String tool, String reason) {
    Counter c = registry.find(DENIALS).tag("tool", toolLabel(tool)).tag("reason", reasonLabel(reason)).counter();
    return c == null ? 0 : c.count();
  }

  /** Returns the metrics in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  /** Returns the registry, for meters registered by the broker's parts. */
  public MeterRegistry registry() {
    return registry;
  }

  private Counter counter(String name, String k1, String v1, String k2, String v2) {
    return Counter.builder(name).tags(k1, v1, k2, v2).register(registry);
  }

  String toolLabel(String tool) {
    if (tool == null || tool.equals(NO_TOOL)) {
      return NO_TOOL;
    }
    return tools.contains(tool) ? tool : UNKNOWN_TOOL;
  }

  static String reasonLabel(String reason) {
    return reason != null && REASON_CODE.matcher(reason).matches() ? reason : OTHER_REASON;
  }
}
