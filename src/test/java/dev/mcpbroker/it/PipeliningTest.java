package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.DefinitionHash;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.ScriptedUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pipelines requests on one raw keep-alive connection and checks that the answers come back in
 * request order (RFC 9112 §9.3.2), even when the first is a tool call that waits for its upstream
 * and the second a ping the broker could answer at once.
 */
class PipeliningTest {
  private static final ObjectNode HELD = Json.NODES.objectNode().put("name", "held").put("description", "held");

  static {
    HELD.putObject("inputSchema").put("type", "object").putObject("properties");
  }

  private final CountDownLatch release = new CountDownLatch(1);
  private ScriptedUpstream upstream;
  private BrokerUnderTest broker;

  @BeforeEach
  void start() throws Exception {
    upstream = new ScriptedUpstream((seen, exchange) -> {
      if ("tools/list".equals(seen.rpcMethod())) {
        ObjectNode result = Json.NODES.objectNode();
        result.putArray("tools").add(HELD);
        ScriptedUpstream.json(exchange, 200, ScriptedUpstream.response(seen.body().path("id").asLong(), result));
      } else if ("tools/call".equals(seen.rpcMethod())) {
        // answers only when the test says so: the ping behind it has every chance to overtake it
        release.await(10, TimeUnit.SECONDS);
        ScriptedUpstream.json(exchange, 200, ScriptedUpstream.textResult(seen.body().path("id").asLong(), "released"));
      } else {
        exchange.sendResponseHeaders(405, -1);
      }
    });
    String catalog = """
        upstreams:
          s: {url: "${URL}", callTimeout: 20s}
        tools:
          - {name: held, upstream: s, tier: read, pin: "%s", inputSchema: {type: object, properties: {}}}
        """.formatted(DefinitionHash.of(HELD));
    broker = BrokerUnderTest.start(catalog, BrokerUnderTest.env("URL", upstream.url().toString()));
  }

  @AfterEach
  void stop() {
    release.countDown();
    broker.close();
    upstream.close();
  }

  @Test
  void pipelinedPing_isAnsweredAfterTheToolCallBeforeIt() throws Exception {
    String token = broker.token("test-agent", "customer-1");
    String session = new McpHttp(broker.url(), token).initialize("2025-11-25");
    String call = request(session, token,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"held\",\"arguments\":{}}}");
    String ping = request(session, token, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");

    try (var socket = new Socket(broker.url().getHost(), broker.url().getPort())) {
      socket.setSoTimeout(15_000);
      // both in one write: the broker decodes the ping while the tool call is still in flight
      socket.getOutputStream().write((call + ping).getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      upstream.await(s -> "tools/call".equals(s.rpcMethod()));
      release.countDown();

      InputStream in = socket.getInputStream();
      JsonNode first = lastMessage(readResponse(in));
      JsonNode second = lastMessage(readResponse(in));

      assertThat(first.path("id").asInt()).as("first answer: %s", first).isEqualTo(1);
      assertThat(first.path("result").path("content").get(0).path("text").asText()).isEqualTo("released");
      assertThat(second.path("id").asInt()).as("second answer: %s", second).isEqualTo(2);
      assertThat(second.has("result")).isTrue();
    }
  }

  private String request(String session, String token, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "POST " + broker.url().getPath() + " HTTP/1.1\r\n"
        + "Host: " + broker.url().getHost() + ":" + broker.url().getPort() + "\r\n"
        + "Content-Type: application/json\r\nAccept: " + McpHttp.ACCEPT_BOTH + "\r\n"
        + "Authorization: Bearer " + token + "\r\n"
        + "Mcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: 2025-11-25\r\n"
        + "Content-Length: " + bytes.length + "\r\n\r\n" + body;
  }

  /** Reads one HTTP/1.1 response (status, headers, a sized or chunked body) and returns its body. */
  private static String readResponse(InputStream in) throws IOException {
    String status = line(in);
    assertThat(status).startsWith("HTTP/1.1 200");
    long length = -1;
    boolean chunked = false;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    var body = new ByteArrayOutputStream();
    if (chunked) {
      for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
          size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
        body.write(in.readNBytes(size));
        line(in);
      }
      line(in); // the empty trailer
    } else {
      body.write(in.readNBytes((int) length));
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  private static String line(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed mid-response after: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /** Returns the last JSON-RPC message of a JSON or SSE body (the response to the request). */
  private static JsonNode lastMessage(String body) throws IOException {
    List<String> data = new ArrayList<>();
    for (String l : body.split("\n")) {
      if (l.startsWith("data:") && !l.substring(5).isBlank()) {
        data.add(l.substring(5).trim());
      }
    }
    return Json.MAPPER.readTree(data.isEmpty() ? body : data.get(data.size() - 1));
  }
}
