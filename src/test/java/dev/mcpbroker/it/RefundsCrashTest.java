package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.db.Seed;
import dev.mcpbroker.backends.refunds.LedgerEntry;
import dev.mcpbroker.backends.refunds.LedgerView;
import dev.mcpbroker.identity.Principal;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the refunds backend with kill -9 ({@link Process#destroyForcibly}) — running alone as
 * {@code mcp-broker backend refunds} in a child JVM — once inside a refund's transaction and once
 * right after it committed. After a restart on the same database the ledger holds a complete entry
 * or none, and a retry with the same action token pays at most once.
 */
class RefundsCrashTest {
  private static final URI AUDIENCE = URI.create("urn:mcp-broker:test:refunds");
  private static final Pattern ENDPOINT = Pattern.compile("refunds: MCP endpoint at (\\S+)");
  private static BrokerUnderTest broker;

  @TempDir Path dir;
  private final List<Process> children = new ArrayList<>();

  @BeforeAll
  static void startBroker() throws Exception {
    // only its published keys and its minter are used: the backend verifies tokens against them
    broker = BrokerUnderTest.start(Files.readString(Path.of("config/tools.yaml")),
        BrokerUnderTest.env("ORDERS_PORT", "1", "REFUNDS_PORT", "1", "ESCALATIONS_PORT", "1"));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @AfterEach
  void killChildren() {
    children.forEach(Process::destroyForcibly);
  }

  /** A refunds backend in its own JVM. */
  private record Child(Process process, URI url, BlockingQueue<String> lines) {
    void awaitLine(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null && line.startsWith(prefix)) {
          return;
        }
      }
      throw new AssertionError("no line starting with '" + prefix + "' within 30 s");
    }

    void kill9() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private Child startBackend(Map<String, String> env) throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.mcpbroker.Main",
        "backend", "refunds", "--port", "0", "--db", DatabaseConfig.h2File(dir).url(),
        "--broker-jwks", broker.url().resolve("/.well-known/jwks.json").toString(),
        "--audience", AUDIENCE.toString());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    children.add(p);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        // the process died: nothing more to read
      }
    }, "refunds-child-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.add(line);
      }
      Matcher m = line == null ? null : ENDPOINT.matcher(line);
      if (m != null && m.find()) {
        return new Child(p, URI.create(m.group(1)), lines);
      }
      if (line == null && !p.isAlive()) {
        break;
      }
    }
    throw new AssertionError("the refunds backend did not start: " + String.join("\n", seen));
  }

  private static ObjectNode refundArgs() {
    return Json.NODES.objectNode().put("order_id", "ord_0042").put("amount", "25.00").put("currency", "EUR")
        .put("reason", "crash test");
  }

  private static String mint() {
    Principal p = new Principal("demo-agent", "customer-42", List.of(), Set.of(), Map.of(), "sid", "jti",
        Instant.now().plusSeconds(300));
    return broker.broker().identity().minter().mint(p, AUDIENCE, "issue_refund", refundArgs()).jwt();
  }

  private static JsonNode call(URI url, String token) throws Exception {
    McpHttp http = new McpHttp(url, token);
    return http.callTool(http.initialize("2025-11-25"), 1, "issue_refund", refundArgs().toString())
        .path("result");
  }

  /** Reads the ledger and ord_0042's refunded amount with the backend stopped (H2 locks its file). */
  private record State(List<LedgerEntry> ledger, BigDecimal refunded) {}

  private State state() throws Exception {
    try (Database db = Database.open(DatabaseConfig.h2File(dir), Seed.NONE);
        var c = db.connect();
        ResultSet r = c.createStatement().executeQuery("SELECT refunded FROM orders WHERE order_id = 'ord_0042'")) {
      r.next();
      return new State(new LedgerView(db).all(), r.getBigDecimal(1));
    }
  }

  @Test
  void killedInsideTheTransaction_leavesNoEntry_andTheRetryPaysOnce() throws Exception {
    Child child = startBackend(Map.of("REFUNDS_FAKE_PAYMENTS_DELAY_MS", "60000"));
    String token = mint();
    Thread caller = new Thread(() -> {
      try {
        call(child.url(), token);
      } catch (Exception expected) {
        // the backend dies under this call
      }
    });
    caller.setDaemon(true);
    caller.start();
    child.awaitLine("payments: paying"); // ledger row and order update written, not committed
    child.kill9();

    State after = state();
    assertThat(after.ledger()).isEmpty();
    assertThat(after.refunded()).isEqualByComparingTo("0.00");

    Child restarted = startBackend(Map.of());
    JsonNode retry = call(restarted.url(), token);
    assertThat(retry.path("isError").asBoolean()).as(retry.toString()).isFalse();
    String refundId = retry.path("structuredContent").path("refund_id").asText();
    JsonNode again = call(restarted.url(), token);
    assertThat(again.toString()).contains("replayed");
    JsonNode freshToken = call(restarted.url(), mint());
    assertThat(freshToken.path("structuredContent").path("refund_id").asText()).isEqualTo(refundId);
    restarted.kill9();

    State end = state();
    assertThat(end.ledger()).singleElement().satisfies(e -> {
      assertThat(e.refundId()).isEqualTo(refundId);
      assertThat(e.amount()).isEqualByComparingTo("25.00");
    });
    assertThat(end.refunded()).isEqualByComparingTo("25.00");
  }

  @Test
  void killedRightAfterTheCommit_keepsTheCompleteEntry_andTheRetryPaysNothingMore() throws Exception {
    Child child = startBackend(Map.of());
    String token = mint();
    JsonNode paid = call(child.url(), token);
    assertThat(paid.path("isError").asBoolean()).as(paid.toString()).isFalse();
    String refundId = paid.path("structuredContent").path("refund_id").asText();
    child.kill9();

    State after = state();
    assertThat(after.ledger()).singleElement().satisfies(e -> {
      assertThat(e.refundId()).isEqualTo(refundId);
      assertThat(e.amount()).isEqualByComparingTo("25.00");
      assertThat(e.customerId()).isEqualTo("customer-42");
    });
    assertThat(after.refunded()).isEqualByComparingTo("25.00");

    // the replay cache died with the process; the ledger's idempotency key did not
    Child restarted = startBackend(Map.of());
    JsonNode retry = call(restarted.url(), token);
    assertThat(retry.path("isError").asBoolean()).as(retry.toString()).isFalse();
    assertThat(retry.path("structuredContent").path("refund_id").asText()).isEqualTo(refundId);
    // H2 admits one process per file: the ledger command says who holds it
    var printed = new java.io.ByteArrayOutputStream();
    assertThat(LedgerView.printLedger(DatabaseConfig.h2File(dir).url(),
        new java.io.PrintStream(printed, true, StandardCharsets.UTF_8))).isEqualTo(1);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("a running demo or backend holds this database");
    restarted.kill9();

    State end = state();
    assertThat(end.ledger()).isEqualTo(after.ledger());
    assertThat(end.refunded()).isEqualByComparingTo("25.00");
  }
}
