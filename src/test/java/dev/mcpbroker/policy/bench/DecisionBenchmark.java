package dev.mcpbroker.policy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.CatalogLoader;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.pipeline.SessionHistory;
import dev.mcpbroker.policy.CallInput;
import dev.mcpbroker.policy.Decision;
import dev.mcpbroker.policy.Effect;
import dev.mcpbroker.policy.PolicyEngine;
import dev.mcpbroker.policy.PolicySnapshot;
import dev.mcpbroker.policy.PrincipalView;
import dev.mcpbroker.policy.SessionLog;
import dev.mcpbroker.policy.SessionView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Times one decision of the shipped policy ({@code config/policies.yaml} against {@code
 * config/tools.yaml}): a refund with its fact cached (every refund rule's CEL condition, the
 * session fact, the effective limit, the budget charge and the approval condition), the same refund
 * in a session that already holds {@link SessionHistory#MAX_CALLS} calls (building {@code
 * session} must not cost more for it), and a cacheable call on a decision-cache hit. Run from the repository root: {@code java -cp <test
 * classpath> dev.mcpbroker.policy.bench.DecisionBenchmark}. The benchmark's copy of the policy
 * lifts the session call cap and the daily budget, so that millions of calls in one session stay
 * allowed; nothing else is changed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {
  private PolicyEngine engine;
  private CallInput refund;
  private CallInput refundLongSession;
  private CallInput listOwn;

  @Setup
  public void setUp() throws Exception {
    Catalog catalog = CatalogLoader.parse(shipped("tools.yaml"), "tools.yaml",
        Map.of("ORDERS_PORT", "1", "REFUNDS_PORT", "2", "ESCALATIONS_PORT", "3"));
    String policy = replaceOnce(replaceOnce(shipped("policies.yaml"),
        "session_calls: 500", "session_calls: 1000000000000"), "max: \"1000.00\"", "max: \"1000000000000.00\"");
    JsonNode order = Json.MAPPER.readTree(
        "{\"customer_id\":\"customer-42\",\"currency\":\"EUR\",\"total\":\"400.00\",\"refunded\":\"100.00\"}");
    engine = new PolicyEngine(PolicySnapshot.parse(policy.getBytes(StandardCharsets.UTF_8), "policies.yaml", catalog),
        (tool, args, p) -> CompletableFuture.completedFuture(order), Clock.systemUTC());
    PrincipalView alice = PrincipalView.of("refund-agent", "customer-42", "sess-bench");
    ObjectNode lookup = (ObjectNode) Json.MAPPER.readTree("{\"order_id\":\"ord_0042\"}");
    SessionView session = new SessionView(List.of(new SessionView.Call("get_order", lookup, Effect.ALLOW, order)));
    refund = new CallInput(alice, "issue_refund",
        (ObjectNode) Json.MAPPER.readTree("{\"order_id\":\"ord_0042\",\"amount\":\"50.00\",\"currency\":\"EUR\",\"reason\":\"damaged\"}"),
        session, Instant.now());
    refundLongSession = new CallInput(alice, refund.tool(), refund.args(), longSession(lookup, order), refund.now());
    listOwn = new CallInput(alice, "list_orders",
        (ObjectNode) Json.MAPPER.readTree("{\"customer_id\":\"customer-42\"}"), SessionView.EMPTY, Instant.now());
    check(refundFactsCached(), "refund");
    check(refundLongSession(), "refund in a long session");
    check(cacheHit(), "list_orders");
  }

  private static void check(Decision d, String what) {
    if (!d.allowed()) {
      throw new IllegalStateException(what + " must be allowed: " + d);
    }
  }

  @Benchmark
  public Decision refundFactsCached() {
    return engine.decide(refund).join();
  }

  @Benchmark
  public Decision refundLongSession() {
    return engine.decide(refundLongSession).join();
  }

  @Benchmark
  public Decision cacheHit() {
    return engine.decide(listOwn).join();
  }

  /**
   * A full session as the load generator makes it: three calls in four look up an order, the
   * fourth lists orders. The refunded order is the oldest look-up the session still remembers:
   * the refund rule's {@code exists} stops at the first match, so the benchmark times building
   * {@code session}, not a scan the policy chose to write.
   */
  private static SessionView longSession(ObjectNode lookup, JsonNode order) {
    SessionLog log = new SessionLog(SessionHistory.MAX_CALLS);
    log.append(new SessionView.Call("get_order", lookup, Effect.ALLOW, order));
    for (int i = 1; i < SessionHistory.MAX_CALLS; i++) {
      log.append(i % 4 == 3
          ? new SessionView.Call("list_orders", Json.NODES.objectNode().put("customer_id", "customer-42"), Effect.ALLOW,
              null)
          : new SessionView.Call("get_order", Json.NODES.objectNode().put("order_id", "ord_" + (10_000 + i)),
              Effect.ALLOW, order));
    }
    SessionView view = log.view();
    if (view.calls().size() != SessionHistory.MAX_CALLS) {
      throw new IllegalStateException("the long session holds " + view.calls().size() + " calls");
    }
    return view;
  }

  private static String shipped(String name) throws Exception {
    return Files.readString(Path.of("config", name));
  }

  private static String replaceOnce(String text, String from, String to) {
    if (!text.contains(from)) {
      throw new IllegalStateException("the shipped policy no longer contains " + from + "; update the benchmark");
    }
    return text.replace(from, to);
  }

  public static void main(String[] args) throws Exception {
    for (RunResult r : new Runner(new OptionsBuilder().include(DecisionBenchmark.class.getName()).build()).run()) {
      var stats = r.getPrimaryResult().getStatistics();
      System.out.printf("%-20s p50 %8.3f us   p99 %8.3f us   (n=%d)%n", r.getParams().getBenchmark()
          .replaceAll(".*\\.", ""), stats.getPercentile(50), stats.getPercentile(99), stats.getN());
    }
  }
}
