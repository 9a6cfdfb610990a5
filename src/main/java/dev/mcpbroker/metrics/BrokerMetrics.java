package dev.mcpbroker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * The broker's meters, named once here so that the alert rules and dashboards in {@code deploy/}
 * and the code agree. Label values come from closed sets: a tool label is a catalog tool name,
 * {@link #UNKNOWN_TOOL} for a name the catalog does not declare (the client chose it, so it never
 * becomes a label) or {@link #NO_TOOL} for a refusal before any tool was named (authentication);
 * a reason label is a stable reason code (the pipeline's, the policy file's, the authenticator's).
 *
 * <pre>
 *   mcp_broker_decisions_total{tool, decision}     decision: allow | rewrite | deny | held
 *   mcp_broker_denials_total{tool, reason}         every denial, authentication and schema included
 *   mcp_broker_obligation_hits_total{tool, kind}   kind: rate_limit | budget | session_cap
 *   mcp_broker_approvals_pending                   gauge
 *   mcp_broker_approvals_total{outcome}            requested | approved | rejected | expired
 *   mcp_broker_upstream_calls_total{upstream, outcome}  ok | tool_error | rpc_error | timeout | unavailable | protocol
 *   mcp_broker_upstream_seconds{upstream}          histogram
 *   mcp_broker_upstream_up{upstream}               1 when the last contact succeeded
 *   mcp_broker_policy_reloads_total{outcome}       success | rejected
 *   mcp_broker_policy_signals_total{tool, signal}  the policy's declared signals, on allowed calls
 *   mcp_broker_audit_appends_total, mcp_broker_audit_failures_total
 *   mcp_broker_audit_append_seconds                histogram
 *   mcp_broker_call_seconds{tool}                  histogram of a whole tools/call
 *   mcp_broker_policy_evaluation_seconds           histogram
 *   mcp_broker_ready                               1 while the broker should get traffic
 * </pre>
 *
 * <p>Design note: the request path never builds a meter. Every tool's counters and timer are
 * created once per catalog and found with one map look-up; a reason or signal counter is created
 * on its first use and cached (reason codes form a small closed set per policy version, and the
 * cache is bounded anyway).
 */
public final class BrokerMetrics {
  public static final String UNKNOWN_TOOL = "unknown";
  public static final String NO_TOOL = "none";
  /** A reason that is not shaped like a reason code (never expected; keeps labels bounded). */
  public static final String OTHER_REASON = "other";

  static final String DECISIONS = "mcp.broker.decisions";
  static final String DENIALS = "mcp.broker.denials";
  static final String OBLIGATION_HITS = "mcp.broker.obligation.hits";
  static final String APPROVALS_PENDING = "mcp.broker.approvals.pending";
  static final String APPROVALS = "mcp.broker.approvals";
  static final String UPSTREAM_CALLS = "mcp.broker.upstream.calls";
  static final String UPSTREAM_SECONDS = "mcp.broker.upstream";
  static final String UPSTREAM_UP = "mcp.broker.upstream.up";
  static final String POLICY_RELOADS = "mcp.broker.policy.reloads";
  static final String POLICY_SIGNALS = "mcp.broker.policy.signals";
  static final String AUDIT_APPENDS = "mcp.broker.audit.appends";
  static final String AUDIT_FAILURES = "mcp.broker.audit.failures";
  static final String AUDIT_APPEND_SECONDS = "mcp.broker.audit.append";
  static final String CALL_SECONDS = "mcp.broker.call";
  static final String POLICY_EVALUATION_SECONDS = "mcp.broker.policy.evaluation";
  static final String READY = "mcp.broker.ready";

  /** Upstream call outcomes, a closed set. */
  public static final Set<String> UPSTREAM_OUTCOMES =
      Set.of("ok", "tool_error", "rpc_error", "timeout", "unavailable", "protocol");
  private static final Set<String> OBLIGATION_KINDS = Set.of("rate_limit", "budget", "session_cap");
  private static final Set<String> APPROVAL_OUTCOMES = Set.of("requested", "approved", "rejected", "expired");
  private static final Pattern REASON_CODE = Pattern.compile("[a-z][a-z0-9_:]{0,63}");
  private static final int MAX_LABELS_PER_TOOL = 256;

  private final PrometheusMeterRegistry registry;
  private final Timer policyEvaluation;
  private final Timer auditAppend;
  private final Map<String, Counter> reloads = new HashMap<>();
  private final Map<String, Counter> approvals = new HashMap<>();
  private volatile Map<String, ToolMeters> tools;
  private volatile Map<String, UpstreamMeters> upstreams = Map.of();

  /** Creates the meters for a catalog declaring {@code tools} (and no upstreams). */
  public BrokerMetrics(Set<String> tools) {
    this(tools, Set.of());
  }

  /** Creates the meters for a catalog declaring {@code tools} on {@code upstreams}. */
  public BrokerMetrics(Set<String> tools, Set<String> upstreams) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.policyEvaluation = histogram(Timer.builder(POLICY_EVALUATION_SECONDS)
        .description("time to evaluate the policy for one call, facts already fetched"));
    this.auditAppend = histogram(Timer.builder(AUDIT_APPEND_SECONDS)
        .description("time from an audit append until its entry is durable"));
    for (String outcome : new String[] {"success", "rejected"}) {
      reloads.put(outcome, Counter.builder(POLICY_RELOADS).tag("outcome", outcome).register(registry));
    }
    for (String outcome : APPROVAL_OUTCOMES) {
      approvals.put(outcome, Counter.builder(APPROVALS).tag("outcome", outcome).register(registry));
    }
    tools(tools);
    upstreams(upstreams);
  }

  /** Replaces the set of tool names that may become labels (after a catalog reload). */
  public void tools(Set<String> names) {
    Map<String, ToolMeters> next = new HashMap<>();
    for (String name : names) {
      next.put(name, new ToolMeters(name));
    }
    next.put(UNKNOWN_TOOL, new ToolMeters(UNKNOWN_TOOL));
    next.put(NO_TOOL, new ToolMeters(NO_TOOL));
    this.tools = Map.copyOf(next);
  }

  /** Replaces the set of upstream names that may become labels. */
  public void upstreams(Set<String> names) {
    Map<String, UpstreamMeters> next = new HashMap<>(upstreams);
    for (String name : names) {
      next.computeIfAbsent(name, UpstreamMeters::new);
    }
    next.keySet().retainAll(names);
    this.upstreams = Map.copyOf(next);
  }

  // ---- decisions

  /** Counts a refused call (or a refused request, with {@link #NO_TOOL}) and its decision. */
  public void denied(String tool, String reason) {
    ToolMeters m = meters(tool);
    m.denial(reason).increment();
    m.deny.increment();
  }

  /** Counts a decision that did not refuse the call: allow, rewrite or held. */
  public void decided(String tool, String decision) {
    ToolMeters m = meters(tool);
    switch (decision) {
      case "allow" -> m.allow.increment();
      case "rewrite" -> m.rewrite.increment();
      case "held" -> m.held.increment();
      case "deny" -> m.deny.increment();
      default -> throw new IllegalArgumentException("decision: " + decision + " (expected: allow, rewrite, held or deny)");
    }
  }

  /** Records how long a whole {@code tools/call} took, from the first stage to the answer. */
  public void call(String tool, long nanos) {
    meters(tool).call.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Counts a call refused by an obligation: {@code rate_limit}, {@code budget} or {@code session_cap}. */
  public void obligationHit(String tool, String kind) {
    Counter c = meters(tool).obligations.get(kind);
    if (c == null) {
      throw new IllegalArgumentException("kind: " + kind + " (expected one of " + OBLIGATION_KINDS + ")");
    }
    c.increment();
  }

  /** Counts a policy signal that held on an allowed call. */
  public void signal(String tool, String signal) {
    meters(tool).signal(signal).increment();
  }

  /** Records one policy evaluation. */
  public void policyEvaluated(long nanos) {
    policyEvaluation.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Returns how many denials of {@code tool} for {@code reason} were counted so far. */
  public double denials(String tool, String reason) {
    Counter c = registry.find(DENIALS).tag("tool", toolLabel(tool)).tag("reason", reasonLabel(reason)).counter();
    return c == null ? 0 : c.count();
  }

  // ---- policy and approvals

  /** Counts a policy reload: accepted ({@code true}) or rejected. */
  public void policyReloaded(boolean accepted) {
    reloads.get(accepted ? "success" : "rejected").increment();
  }

  /** Counts an approval request or decision: requested, approved, rejected or expired. */
  public void approval(String outcome) {
    Counter c = approvals.get(outcome);
    if (c != null) {
      c.increment();
    }
  }

  /**
   * Publishes the number of calls waiting for a human, read at each scrape. (Gauges here hold
   * their state strongly: Micrometer's default weak reference would let a method reference that
   * nobody else holds be collected, and the series would read NaN.)
   */
  public void approvalsPending(Supplier<? extends Collection<?>> pending) {
    Gauge.builder(APPROVALS_PENDING, pending, p -> p.get().size())
        .description("calls held for a human's approval").strongReference(true).register(registry);
  }

  // ---- upstreams

  /** Counts one upstream call with its outcome (one of {@link #UPSTREAM_OUTCOMES}) and latency. */
  public void upstreamCall(String upstream, String outcome, long nanos) {
    UpstreamMeters m = upstreams.get(upstream);
    if (m == null) {
      return; // not a catalog upstream: never a label
    }
    Counter c = m.outcomes.get(outcome);
    if (c == null) {
      throw new IllegalArgumentException("outcome: " + outcome + " (expected one of " + UPSTREAM_OUTCOMES + ")");
    }
    c.increment();
    m.latency.record(nanos, TimeUnit.NANOSECONDS);
    m.up = "ok".equals(outcome) || "tool_error".equals(outcome) || "rpc_error".equals(outcome) ? 1 : 0;
  }

  /** Records the outcome of a contact that is not a call (a tools check): up or not. */
  public void upstreamContact(String upstream, boolean ok) {
    UpstreamMeters m = upstreams.get(upstream);
    if (m != null) {
      m.up = ok ? 1 : 0;
    }
  }

  // ---- audit and readiness

  /** Publishes the audit log's counts of appends and failures, read at each scrape. */
  public <T> void audit(T log, ToDoubleFunction<T> appends, ToDoubleFunction<T> failures) {
    // Micrometer holds {@code log} weakly: the broker holds it for as long as it runs
    FunctionCounter.builder(AUDIT_APPENDS, log, appends).description("audit entries written durably")
        .register(registry);
    FunctionCounter.builder(AUDIT_FAILURES, log, failures).description("audit entries that could not be written")
        .register(registry);
  }

  /** Records how long one audit append took to become durable. */
  public void auditAppended(long nanos) {
    auditAppend.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Publishes readiness (1/0), read at each scrape. */
  public void readiness(BooleanSupplier ready) {
    Gauge.builder(READY, ready, r -> r.getAsBoolean() ? 1 : 0)
        .description("1 while the broker should receive traffic").strongReference(true).register(registry);
  }

  /** Returns the metrics in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  /** Returns the registry, for meters registered by the broker's parts. */
  public MeterRegistry registry() {
    return registry;
  }

  private ToolMeters meters(String tool) {
    Map<String, ToolMeters> all = tools;
    ToolMeters m = tool == null ? all.get(NO_TOOL) : all.get(tool);
    return m != null ? m : all.get(UNKNOWN_TOOL);
  }

  String toolLabel(String tool) {
    return meters(tool).tool;
  }

  static String reasonLabel(String reason) {
    return reason != null && REASON_CODE.matcher(reason).matches() ? reason : OTHER_REASON;
  }

  private Timer histogram(Timer.Builder b) {
    return b.publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  /** One tool's meters; the reason and signal counters are created on first use. */
  private final class ToolMeters {
    final String tool;
    final Counter allow;
    final Counter rewrite;
    final Counter deny;
    final Counter held;
    final Timer call;
    final Map<String, Counter> obligations;
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> denials =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> signals =
        new java.util.concurrent.ConcurrentHashMap<>();

    ToolMeters(String tool) {
      this.tool = tool;
      this.allow = decision("allow");
      this.rewrite = decision("rewrite");
      this.deny = decision("deny");
      this.held = decision("held");
      this.call = histogram(Timer.builder(CALL_SECONDS).tag("tool", tool)
          .description("time of a whole tools/call at the broker, upstream included"));
      Map<String, Counter> o = new HashMap<>();
      for (String kind : OBLIGATION_KINDS) {
        o.put(kind, Counter.builder(OBLIGATION_HITS).tags("tool", tool, "kind", kind).register(registry));
      }
      this.obligations = Map.copyOf(o);
    }

    private Counter decision(String decision) {
      return Counter.builder(DECISIONS).tags("tool", tool, "decision", decision).register(registry);
    }

    Counter denial(String reason) {
      Counter c = reason == null ? null : denials.get(reason);
      if (c != null) {
        return c;
      }
      String label = reasonLabel(reason);
      Counter created = Counter.builder(DENIALS).tags("tool", tool, "reason", label).register(registry);
      if (label.equals(reason) && denials.size() < MAX_LABELS_PER_TOOL) {
        denials.putIfAbsent(reason, created);
      }
      return created;
    }

    Counter signal(String name) {
      Counter c = signals.get(name);
      if (c != null) {
        return c;
      }
      String label = reasonLabel(name);
      Counter created = Counter.builder(POLICY_SIGNALS).tags("tool", tool, "signal", label).register(registry);
      if (label.equals(name) && signals.size() < MAX_LABELS_PER_TOOL) {
        signals.putIfAbsent(name, created);
      }
      return created;
    }
  }

  /** One upstream's meters. */
  private final class UpstreamMeters {
    final Map<String, Counter> outcomes;
    final Timer latency;
    volatile int up;

    UpstreamMeters(String upstream) {
      Map<String, Counter> o = new HashMap<>();
      for (String outcome : UPSTREAM_OUTCOMES) {
        o.put(outcome, Counter.builder(UPSTREAM_CALLS).tags("upstream", upstream, "outcome", outcome)
            .register(registry));
      }
      this.outcomes = Map.copyOf(o);
      this.latency = histogram(Timer.builder(UPSTREAM_SECONDS).tag("upstream", upstream)
          .description("time of one tools/call at the upstream"));
      Gauge.builder(UPSTREAM_UP, this, m -> m.up).tag("upstream", upstream)
          .description("1 when the last contact with the upstream (call or tools check) succeeded")
          .strongReference(true).register(registry);
    }
  }
}
