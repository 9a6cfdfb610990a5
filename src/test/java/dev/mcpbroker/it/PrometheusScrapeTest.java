package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.RecordingUpstream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's package, installed by {@code integration-tests/prometheus.sh}) scrapes
 * the broker's admin {@code /metrics} every second; after a denied call, the denial series with its
 * tool and reason labels shows up in Prometheus's own query API, as a dashboard or alert would see it.
 */
class PrometheusScrapeTest {
  static final String POLICY = """
      version: 1
      rules:
        - {id: pay, tools: [pay], effect: permit}
        - {id: no-drop, tools: [pay], effect: forbid, when: 'args.text == "drop"', reason: drop_forbidden}
      """;

  @Test
  void deniedCall_appearsInPrometheus_withToolAndReason() throws Exception {
    Path bin = Path.of(installPrometheus());
    Path dir = Files.createTempDirectory("prometheus-test");
    try (RecordingUpstream upstream = new RecordingUpstream();
        BrokerUnderTest broker = BrokerUnderTest.start("""
            upstreams:
              rec: {url: "${URL}"}
            tools:
              - {name: pay, upstream: rec, upstreamTool: echo, tier: money, pin: "%s", inputSchema: %s}
            """.formatted(BrokerUnderTest.livePin(upstream.url(), "echo"), RecordingUpstream.ECHO_SCHEMA),
            POLICY, BrokerUnderTest.env("URL", upstream.url().toString()))) {
      URI admin = broker.broker().adminUrl();
      int port = freePort();
      Files.writeString(dir.resolve("prometheus.yml"), """
          global: {scrape_interval: 1s, evaluation_interval: 1s}
          scrape_configs:
            - job_name: mcp-broker
              scrape_interval: 1s
              static_configs: [{targets: ["%s:%d"]}]
          """.formatted(admin.getHost(), admin.getPort()));
      Process prometheus = new ProcessBuilder(bin.resolve("prometheus").toString(),
          "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      try {
        McpHttp client = broker.client(broker.token("test-agent", "customer-1"));
        String session = client.initialize("2025-11-25");
        JsonNode denied = client.callTool(session, 1, "pay", "{\"text\":\"drop\"}").path("result");
        assertThat(denied.path("_meta").path("dev.mcpbroker/reason").asText()).isEqualTo("drop_forbidden");

        JsonNode series = awaitSeries(port, "mcp_broker_denials_total{tool=\"pay\",reason=\"drop_forbidden\"}",
            Duration.ofSeconds(60), dir.resolve("prometheus.log"));

        assertThat(series.path("metric").path("job").asText()).isEqualTo("mcp-broker");
        assertThat(series.path("value").get(1).asText()).isEqualTo("1");
      } finally {
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** Polls Prometheus's query API until {@code query} returns a series, or fails after {@code limit}. */
  private static JsonNode awaitSeries(int port, String query, Duration limit, Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
        + URLEncoder.encode(query, StandardCharsets.UTF_8));
    String last = "(no answer)";
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        last = r.statusCode() + " " + r.body();
        JsonNode result = Json.MAPPER.readTree(r.body()).path("data").path("result");
        if (r.statusCode() == 200 && result.size() > 0) {
          return result.get(0);
        }
      } catch (IOException e) {
        last = e.toString(); // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Prometheus never returned " + query + " within " + limit + "; last answer: " + last
        + "\nlog:\n" + (Files.exists(log) ? Files.readString(log) : "(none)"));
  }

  private static String installPrometheus() throws Exception {
    Process p = new ProcessBuilder("bash", "integration-tests/prometheus.sh", "install")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("integration-tests/prometheus.sh install").isZero();
    assertThat(Path.of(out, "prometheus")).isExecutable();
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
