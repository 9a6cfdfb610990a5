package dev.mcpbroker.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.audit.AuditLog;
import dev.mcpbroker.bench.FastUpstream;
import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.CatalogLoader;
import dev.mcpbroker.identity.ActionTokenMinter;
import dev.mcpbroker.identity.DevIssuer;
import dev.mcpbroker.identity.Principal;
import dev.mcpbroker.identity.Revocations;
import dev.mcpbroker.identity.SessionTokenSettings;
import dev.mcpbroker.identity.SessionTokenVerifier;
import dev.mcpbroker.identity.SigningKeys;
import dev.mcpbroker.identity.Verification;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.metrics.BrokerMetrics;
import dev.mcpbroker.pipeline.Forwarder;
import dev.mcpbroker.pipeline.SessionHistory;
import dev.mcpbroker.pipeline.ToolCallPipeline;
import dev.mcpbroker.pipeline.ToolCallRequest;
import dev.mcpbroker.pipeline.ToolSwitch;
import dev.mcpbroker.policy.PolicyEngine;
import dev.mcpbroker.policy.PolicySnapshot;
import dev.mcpbroker.transport.UpstreamHttpClient;
import dev.mcpbroker.upstream.LiveTools;
import dev.mcpbroker.upstream.UpstreamClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Times one {@code tools/call} through the whole in-process chain as the load benchmark's broker
 * runs it ({@code bench/config}): resolve, schema validation, the CEL policy with a cached look-up
 * fact and the session list (the session remembers up to {@link SessionHistory#MAX_CALLS}
 * calls), the rewrite of {@code list_orders}, an ES256 action token, two audit entries (decision
 * and outcome) appended to a real log, and the session history. Only the network is left out:
 * the forwarder answers at once with the fast upstream's result. Three calls in four are {@code
 * get_order}, the fourth {@code list_orders} naming another customer, as the load generator
 * sends them.
 *
 * <p>The audit log lives on {@code /dev/shm} when there is one, so that fsync costs next to
 * nothing and the figure is the broker's own work. Run with {@code -prof gc} for bytes per call:
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main ToolCallBenchmark -prof gc
 * </pre>
 * On a shared machine the time per call mostly measures waiting for the other threads (the audit
 * writer, the forward executor); {@link #main} prints CPU per call instead, which depends less on
 * what else the machine runs: the whole process's (GC, JIT and waking threads included) and the
 * request path's alone (the calling thread and the after-audit threads, as the broker's request
 * threads run them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ToolCallBenchmark {
  private FastUpstream upstream;
  private LiveTools tools;
  private AuditLog audit;
  private ExecutorService afterAudit;
  private ToolCallPipeline pipeline;
  private Forwarder forwarder;
  private Principal principal;
  private final SessionHistory history = new SessionHistory();
  private ObjectNode getOrder;
  private ObjectNode listOrders;
  private int n;

  @Setup
  public void setUp() throws Exception {
    upstream = FastUpstream.start(0, 1);
    Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
    Path dir = Files.createTempDirectory(base, "toolcall-bench");
    Catalog catalog = CatalogLoader.parse(Files.readString(Path.of("bench/config/tools.yaml")), "tools.yaml",
        Map.of("ORDERS_PORT", Integer.toString(upstream.port())));
    UpstreamHttpClient http = UpstreamHttpClient.create(Duration.ofSeconds(2));
    Map<String, UpstreamClient> clients = new LinkedHashMap<>();
    catalog.upstreams().forEach((name, spec) -> clients.put(name, new UpstreamClient(spec, http)));
    tools = new LiveTools(catalog, clients);
    tools.refreshAll().get(10, TimeUnit.SECONDS);
    if (tools.verified("get_order").isEmpty() || tools.verified("list_orders").isEmpty()) {
      throw new IllegalStateException("the fast upstream's tools do not match their pins: " + tools.statuses());
    }
    PolicySnapshot policy = PolicySnapshot.parse(Files.readAllBytes(Path.of("bench/config/policies.yaml")),
        "policies.yaml", catalog);
    JsonNode order = Json.MAPPER.readTree(FastUpstream.ORDER);
    PolicyEngine engine = new PolicyEngine(policy, (tool, args, p) -> CompletableFuture.completedFuture(order),
        Clock.systemUTC());
    audit = AuditLog.open(dir.resolve("audit"),
        AuditLog.Options.defaults(KeyPairGenerator.getInstance("Ed25519").generateKeyPair()));
    afterAudit = Executors.newFixedThreadPool(2, r -> new Thread(r, "after-audit"));
    BrokerMetrics metrics = new BrokerMetrics(catalog.tools().keySet(), catalog.upstreams().keySet());
    ActionTokenMinter minter = new ActionTokenMinter("https://broker.example", new SigningKeys(Duration.ofMinutes(1)));
    pipeline = new ToolCallPipeline(tools, minter, u -> URI.create(catalog.upstreams().get(u).audience()),
        ActionTokenMinter.DEFAULT_TTL, engine, Clock.systemUTC(), audit, () -> afterAudit, metrics, new ToolSwitch());
    principal = principal(dir);
    ObjectNode getOrderResponse = response(FastUpstream.ORDER);
    ObjectNode listOrdersResponse = response(FastUpstream.ORDER_LIST);
    forwarder = (tool, params, headers) -> CompletableFuture.completedFuture(
        "list_orders".equals(tool.name()) ? listOrdersResponse : getOrderResponse);
    getOrder = Json.NODES.objectNode().put("order_id", "ord_0042");
    listOrders = Json.NODES.objectNode().put("customer_id", "customer-7");
    for (int i = 0; i < 4; i++) {
      JsonNode result = call();
      if (result.path("isError").asBoolean(true)) {
        throw new IllegalStateException("the benchmark's call must succeed: " + result);
      }
    }
  }

  @TearDown
  public void tearDown() throws Exception {
    audit.close();
    afterAudit.shutdownNow();
    tools.close();
    upstream.close();
  }

  /** One call of the load generator's mix. */
  @Benchmark
  public JsonNode call() {
    boolean list = (n++ & 3) == 3;
    return pipeline.call(new ToolCallRequest("sess-bench", principal, list ? "list_orders" : "get_order",
        list ? listOrders : getOrder, null, history), forwarder).join();
  }

  /** Calls in a closed loop and prints the process's CPU time per call: {@code [warm-up s] [windows] [window s]}. */
  public static void main(String[] args) throws Exception {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int windows = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    ToolCallBenchmark b = new ToolCallBenchmark();
    b.setUp();
    try {
      for (int w = -1; w < windows; w++) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(w < 0 ? warmup : seconds);
        long cpu = os.getProcessCpuTime();
        long path = requestPathCpu();
        long start = System.nanoTime();
        long calls = 0;
        while (System.nanoTime() < until) {
          b.call();
          calls++;
        }
        if (w >= 0) {
          System.out.printf("window %d: %,d calls, CPU per call: process %.1f us, request path %.1f us; wall %.1f us%n",
              w, calls, (os.getProcessCpuTime() - cpu) / 1e3 / calls, (requestPathCpu() - path) / 1e3 / calls,
              (System.nanoTime() - start) / 1e3 / calls);
        }
      }
    } finally {
      b.tearDown();
    }
  }

  /** CPU nanoseconds of the threads that run the chain: this one and the after-audit pool. */
  private static long requestPathCpu() {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long sum = threads.getCurrentThreadCpuTime();
    for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().equals("after-audit")) {
        sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  private static Principal principal(Path dir) throws Exception {
    URI audience = URI.create("https://broker.example/mcp");
    Path jwks = dir.resolve("jwks.json");
    SessionTokenSettings settings = SessionTokenSettings.withJwksFile("https://broker.example/dev", audience, jwks);
    DevIssuer issuer = new DevIssuer(settings, dir.resolve("key.json"));
    Files.writeString(jwks, issuer.publicJwks());
    String token = issuer.mint("bench-agent", "customer-42", Duration.ofMinutes(15), Set.of("orders:read"), Map.of());
    Verification v = new SessionTokenVerifier(settings, new Revocations()).verify(token);
    return ((Verification.Verified) v).principal();
  }

  private static ObjectNode response(String structured) throws Exception {
    String text = Json.NODES.textNode(structured).toString();
    return (ObjectNode) Json.MAPPER.readTree(("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\","
        + "\"text\":" + text + "}],\"isError\":false,\"structuredContent\":" + structured + "}}")
        .getBytes(StandardCharsets.UTF_8));
  }
}
