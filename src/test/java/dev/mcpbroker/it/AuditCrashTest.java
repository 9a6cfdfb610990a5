package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.BrokerIdentity;
import dev.mcpbroker.audit.AuditQuery;
import dev.mcpbroker.cli.Cli;
import dev.mcpbroker.config.AuthSettings;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.RecordingUpstream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a broker process with SIGKILL while clients call through it, restarts it on the same
 * audit log, and checks that the log verifies and that every call a client saw succeed has its
 * allow entry: an acknowledged call is never missing from the audit trail.
 */
class AuditCrashTest {
  @TempDir Path dir;

  @Test
  void killMinus9_midTraffic_losesNoAcknowledgedEntry() throws Exception {
    try (RecordingUpstream upstream = new RecordingUpstream()) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Files.writeString(dir.resolve("broker.yaml"), """
          server: {port: %d}
          auth: {devIssuer: true, devIssuerKeyFile: "%s"}
          audit: {dir: "%s", keyFile: "%s", checkpointEvery: 50, checkpointInterval: 1s}
          admin: {port: 0, tokenFile: "%s"}
          """.formatted(port, dir.resolve("dev-key.json"), dir.resolve("audit"), dir.resolve("audit-key.pem"),
          dir.resolve("admin-token")));
      Files.writeString(dir.resolve("tools.yaml"), """
          upstreams:
            rec: {url: "%s"}
          tools:
            - {name: echo, upstream: rec, tier: write, pin: "%s", inputSchema: %s}
          """.formatted(upstream.url(), BrokerUnderTest.livePin(upstream.url(), "echo"), RecordingUpstream.ECHO_SCHEMA));
      // run requires a policy: this one permits the one tool
      Files.writeString(dir.resolve("policies.yaml"), "version: 1\nrules:\n  - {id: echo, tools: [echo], effect: permit}\n");
      URI url = URI.create("http://127.0.0.1:" + port + "/mcp");
      String token = BrokerIdentity.devIssuer(new AuthSettings(null, null, null, null, null, null, null, null, null,
          true, dir.resolve("dev-key.json"), null), url).mint("crash-agent", "customer-1", Duration.ofMinutes(10),
          Set.of(), Map.of());

      Process broker = startBroker();
      ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      try {
        awaitReady(url, token);
        for (int c = 0; c < 4; c++) {
          int client = c;
          clients.submit(() -> {
            try {
              McpHttp http = new McpHttp(url, token);
              String session = http.initialize("2025-11-25");
              for (int i = 0; ; i++) {
                String text = "c" + client + "-" + i;
                JsonNode r = http.callTool(session, i, "echo", "{\"text\":\"" + text + "\"}");
                if (!r.path("result").path("isError").asBoolean(true)) {
                  acknowledged.add(text);
                }
              }
            } catch (Exception | AssertionError e) {
              return null; // the broker died under us: that is the point
            }
          });
        }
        Thread.sleep(2000);
      } finally {
        broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
        clients.shutdownNow();
        clients.awaitTermination(10, TimeUnit.SECONDS);
      }
      assertThat(acknowledged).as("calls succeeded before the kill").hasSizeGreaterThan(10);

      Process restarted = startBroker(); // recovers the log: truncates a torn tail, continues the chain
      try {
        awaitReady(url, token);
      } finally {
        restarted.destroy();
        restarted.waitFor(20, TimeUnit.SECONDS);
      }

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code = Cli.run(new String[] {"audit", "verify", dir.resolve("audit").toString(), "--key",
          dir.resolve("audit-public-key.pem").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
      assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
      List<String> recorded;
      try (Stream<JsonNode> allows = AuditQuery.run(dir.resolve("audit"),
          new AuditQuery.Filter(null, null, null, "allow", null, null))) {
        recorded = allows.map(e -> e.path("arguments").path("text").asText()).toList();
      }
      assertThat(recorded).containsAll(acknowledged);
    }
  }

  private Process startBroker() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.mcpbroker.Main", "run",
        "--config", dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("broker-" + System.nanoTime() + ".log").toFile()).start();
  }

  private static void awaitReady(URI url, String token) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      try {
        if (new McpHttp(url, token).post(null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"probe\",\"version\":\"1\"}}}")
            .status() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("broker did not start on " + url);
  }
}
