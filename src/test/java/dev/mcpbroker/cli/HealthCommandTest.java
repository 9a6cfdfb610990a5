package dev.mcpbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives {@code mcp-broker health} the way the container's HEALTHCHECK does, against a real HTTP server. */
class HealthCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/healthz", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.createContext("/readyz", exchange -> {
      byte[] body = "{\"ready\":false,\"reasons\":[\"audit log unwritable\"]}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private int run(String... args) {
    return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void healthy_exitsZero() {
    assertThat(run("health", "--url", base + "/healthz")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("/healthz: 200");
  }

  @Test
  void notReady_exitsOne_withTheStatusAndBody() {
    assertThat(run("health", "--url", base + "/readyz")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("503").contains("audit log unwritable");
  }

  @Test
  void nothingListening_exitsOne_namingTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThat(run("health", "--url", "http://127.0.0.1:" + port + "/healthz")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("127.0.0.1:" + port).contains("unreachable");
  }

  @Test
  void notAUrl_isAUsageError_namingTheOption() {
    assertThat(run("health", "--url", "localhost:9090/healthz")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--url: localhost:9090/healthz (expected: an absolute http");
  }
}
