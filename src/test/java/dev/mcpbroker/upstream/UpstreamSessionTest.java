package dev.mcpbroker.upstream;

import dev.mcpbroker.transport.UpstreamHttpClient;
import dev.mcpbroker.testing.ScriptedUpstream;
import static dev.mcpbroker.testing.ScriptedUpstream.json;
import static dev.mcpbroker.testing.ScriptedUpstream.sse;
import static dev.mcpbroker.testing.ScriptedUpstream.textResult;
import static dev.mcpbroker.testing.ScriptedUpstream.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.UpstreamSpec;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.upstream.UpstreamException.Kind;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Edge cases of the Streamable HTTP client against a scripted upstream. */
class UpstreamSessionTest {
  private static final UpstreamHttp HTTP = UpstreamHttpClient.create(Duration.ofSeconds(2));
  private static final Duration WAIT = Duration.ofSeconds(10);

  private ScriptedUpstream upstream;

  @AfterEach
  void stop() {
    if (upstream != null) {
      upstream.close();
    }
  }

  private static UpstreamSpec spec(URI url, Duration callTimeout) {
    return new UpstreamSpec(
        "orders", url, null, callTimeout, null, Map.of("X-Upstream-Key", "k1"));
  }

  private UpstreamSession open(ScriptedUpstream.Script script) throws Exception {
    return open(script, Duration.ofSeconds(10), UpstreamClient.DEFAULT_MAX_MESSAGE_BYTES);
  }

  private UpstreamSession open(ScriptedUpstream.Script script, Duration timeout, int max)
      throws Exception {
    upstream = new ScriptedUpstream(script);
    UpstreamClient client = new UpstreamClient(spec(upstream.url(), timeout), HTTP, max);
    return client.open("2025-11-25", capabilities()).get(10, TimeUnit.SECONDS);
  }

  private static ObjectNode capabilities() {
    ObjectNode caps = Json.NODES.objectNode();
    caps.putObject("sampling");
    return caps;
  }

  private static ObjectNode args(String text) {
    ObjectNode params = Json.NODES.objectNode().put("name", "echo");
    params.putObject("arguments").put("text", text);
    return params;
  }

  private static boolean isToolCall(ScriptedUpstream.Seen s) {
    return "tools/call".equals(s.rpcMethod());
  }

  @Test
  void perRequestHeaders_reachOnlyThatRequest_andReplaceConfiguredOnes() throws Exception {
    UpstreamSession session = open((req, ex) ->
        json(ex, 200, textResult(req.body().get("id").asLong(), "hi")));

    session.request("tools/call", args("a"), null, Map.of("Authorization", "Bearer action-1", "X-Upstream-Key", "k2"))
        .response().get(10, TimeUnit.SECONDS);
    session.request("tools/call", args("b"), null).response().get(10, TimeUnit.SECONDS);

    var calls = upstream.seen(UpstreamSessionTest::isToolCall);
    assertThat(calls.get(0).header("Authorization")).isEqualTo("Bearer action-1");
    assertThat(calls.get(0).headers().get("X-Upstream-Key")).containsExactly("k2");
    assertThat(calls.get(1).header("Authorization")).isNull();
    assertThat(calls.get(1).header("X-Upstream-Key")).isEqualTo("k1");
  }

  @Test
  void actionToken_replacesAConfiguredAuthorizationHeader_inAnyLetterCase() throws Exception {
    upstream = new ScriptedUpstream((req, ex) -> json(ex, 200, textResult(req.body().get("id").asLong(), "hi")));
    UpstreamSpec spec = new UpstreamSpec("orders", upstream.url(), null, Duration.ofSeconds(10), null,
        Map.of("authorization", "Bearer static-credential"));
    UpstreamSession session = new UpstreamClient(spec, HTTP, UpstreamClient.DEFAULT_MAX_MESSAGE_BYTES)
        .open("2025-11-25", capabilities()).get(10, TimeUnit.SECONDS);

    session.request("tools/call", args("a"), null, Map.of("Authorization", "Bearer action-1"))
        .response().get(10, TimeUnit.SECONDS);

    // one Authorization header, the action token: the configured credential is not sent beside it
    var call = upstream.seen(UpstreamSessionTest::isToolCall).get(0);
    assertThat(call.headers().get("Authorization")).containsExactly("Bearer action-1");
  }

  @Test
  void jsonAnswer_completesCall_withSessionAndVersionHeaders() throws Exception {
    UpstreamSession session = open((req, ex) ->
        json(ex, 200, textResult(req.body().get("id").asLong(), "hi")));

    ObjectNode answer = session.request("tools/call", args("hi"), null).response().get(10, TimeUnit.SECONDS);

    assertThat(answer.at("/result/content/0/text").asText()).isEqualTo("hi");
    assertThat(session.sessionId()).isEqualTo("s1");
    assertThat(session.protocolVersion()).isEqualTo("2025-11-25");
    assertThat(session.serverCapabilities().has("tools")).isTrue();
    ScriptedUpstream.Seen call = upstream.seen(UpstreamSessionTest::isToolCall).get(0);
    assertThat(call.header("Mcp-Session-Id")).isEqualTo("s1");
    assertThat(call.header("MCP-Protocol-Version")).isEqualTo("2025-11-25");
    assertThat(call.header("Accept")).contains("application/json").contains("text/event-stream");
    assertThat(call.header("X-Upstream-Key")).isEqualTo("k1");
    ScriptedUpstream.Seen init = upstream.seen().get(0);
    assertThat(init.body().at("/params/clientInfo/name").asText()).isEqualTo("mcp-broker");
    assertThat(init.body().at("/params/capabilities").has("sampling")).isTrue();
    assertThat(upstream.seen().get(1).rpcMethod()).isEqualTo("notifications/initialized");
  }

  @Test
  void sseAnswer_relaysNotificationsInOrder_thenCompletes() throws Exception {
    UpstreamSession session = open((req, ex) -> {
      long id = req.body().get("id").asLong();
      OutputStream out = sse(ex);
      write(out, "id: p0\ndata:\n\n: a comment\n\n");
      write(out, "id: p1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\n"
          + "data: \"params\":{\"progressToken\":\"t\",\"progress\":1}}\n\n");
      write(out, "id: p2\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
          + "\"params\":{\"level\":\"info\",\"data\":\"x\"}}\r\n\r\n");
      write(out, "id: p3\ndata: " + textResult(id, "done") + "\n\n");
    });
    List<String> heard = new CopyOnWriteArrayList<>();

    ObjectNode answer = session.request("tools/call", args("x"), m -> heard.add(m.get("method").asText()))
        .response().get(10, TimeUnit.SECONDS);

    assertThat(answer.at("/result/content/0/text").asText()).isEqualTo("done");
    assertThat(heard).containsExactly("notifications/progress", "notifications/message");
  }

  @Test
  void streamClosedAfterPriming_resumesWithLastEventId() throws Exception {
    AtomicLong posted = new AtomicLong();
    UpstreamSession session = open((req, ex) -> {
      if ("POST".equals(req.httpMethod())) {
        posted.set(req.body().get("id").asLong());
        // SEP-1699: prime with an event id and a short retry, then close without answering
        write(sse(ex), "id: e1\nretry: 20\ndata:\n\n");
      } else {
        write(sse(ex), "id: e2\ndata: " + textResult(posted.get(), "late") + "\n\n");
      }
    });

    UpstreamCall call = session.request("tools/call", args("x"), null);

    assertThat(call.response()).succeedsWithin(WAIT)
        .satisfies(m -> assertThat(m.at("/result/content/0/text").asText()).isEqualTo("late"));
    ScriptedUpstream.Seen get = upstream.await(s -> "GET".equals(s.httpMethod()));
    assertThat(get.header("Last-Event-ID")).isEqualTo("e1");
    assertThat(get.header("Mcp-Session-Id")).isEqualTo("s1");
    assertThat(get.header("Accept")).isEqualTo("text/event-stream");
  }

  @Test
  void streamClosedWithoutEventId_failsAsProtocolError() throws Exception {
    UpstreamSession session = open((req, ex) -> write(sse(ex), ": nothing to resume from\n\n"));

    UpstreamCall call = session.request("tools/call", args("x"), null);

    assertThat(call.response()).failsWithin(WAIT).withThrowableThat()
        .havingCause().isInstanceOfSatisfying(UpstreamException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
  }

  @Test
  void silentUpstream_failsWithinDeadline_andCancelsUpstream() throws Exception {
    Duration deadline = Duration.ofMillis(300);
    UpstreamSession session = open((req, ex) -> upstream.hang(), deadline,
        UpstreamClient.DEFAULT_MAX_MESSAGE_BYTES);

    UpstreamCall call = session.request("tools/call", args("x"), null);

    // The margin only absorbs scheduling noise; the deadline itself is the client's timer.
    assertThat(call.response()).failsWithin(deadline.plusSeconds(2)).withThrowableThat()
        .havingCause().isInstanceOfSatisfying(UpstreamException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
          assertThat(e).hasMessage("upstream 'orders' did not answer tools/call within 300ms");
        });
    ScriptedUpstream.Seen cancelled =
        upstream.await(s -> "notifications/cancelled".equals(s.rpcMethod()));
    assertThat(cancelled.body().at("/params/requestId").asLong()).isEqualTo(call.id());
    assertThat(cancelled.header("Mcp-Session-Id")).isEqualTo("s1");
  }

  @Test
  void refusedConnection_failsUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there now
    }
    UpstreamClient client = new UpstreamClient(
        spec(URI.create("http://127.0.0.1:" + port + "/mcp"), Duration.ofSeconds(5)), HTTP);

    assertThat(client.open("2025-11-25", capabilities())).failsWithin(WAIT).withThrowableThat()
        .havingCause().isInstanceOfSatisfying(UpstreamException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
          assertThat(e).hasMessageContaining("upstream 'orders'").hasMessageContaining("initialize");
        });
  }

  @Test
  void expiredSession_reinitializesOnce_andResendsTheRequest() throws Exception {
    UpstreamSession session = open((req, ex) -> {
      if ("s1".equals(req.header("Mcp-Session-Id"))) {
        ex.sendResponseHeaders(404, -1); // basic/transports: the session has ended
      } else {
        json(ex, 200, textResult(req.body().get("id").asLong(), "again"));
      }
    });

    UpstreamCall call = session.request("tools/call", args("x"), null);

    assertThat(call.response()).succeedsWithin(WAIT)
        .satisfies(m -> assertThat(m.at("/result/content/0/text").asText()).isEqualTo("again"));
    assertThat(session.sessionId()).isEqualTo("s2");
    assertThat(upstream.seen(s -> "initialize".equals(s.rpcMethod()))).hasSize(2);
    List<ScriptedUpstream.Seen> sends = upstream.seen(UpstreamSessionTest::isToolCall);
    assertThat(sends).extracting(s -> s.header("Mcp-Session-Id")).containsExactly("s1", "s2");
    assertThat(sends).extracting(s -> s.body().get("id").asLong())
        .containsOnly(call.id());
  }

  @Test
  void expiredAgainAfterReinit_failsWith404_withoutLooping() throws Exception {
    UpstreamSession session = open((req, ex) -> ex.sendResponseHeaders(404, -1));

    UpstreamCall call = session.request("tools/call", args("x"), null);

    assertThat(call.response()).failsWithin(WAIT).withThrowableThat()
        .havingCause().isInstanceOfSatisfying(UpstreamException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
          assertThat(e.status()).isEqualTo(404);
        });
    assertThat(upstream.seen(UpstreamSessionTest::isToolCall)).hasSize(2);
  }

  @Test
  void serverError_failsWithStatus_andIsNotRetried() throws Exception {
    UpstreamSession session = open((req, ex) -> ex.sendResponseHeaders(503, -1));

    UpstreamCall call = session.request("tools/call", args("x"), null);

    assertThat(call.response()).failsWithin(WAIT).withThrowableThat()
        .havingCause().isInstanceOfSatisfying(UpstreamException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
          assertThat(e.status()).isEqualTo(503);
        });
    assertThat(upstream.seen(UpstreamSessionTest::isToolCall)).hasSize(1);
  }

  @Test
  void oversizedJsonMessage_failsAsProtocolError() throws Exception {
    UpstreamSession session = open(
        (req, ex) -> json(ex, 200, textResult(req.body().get("id").asLong(), "x".repeat(5000))),
        Duration.ofSeconds(10), 2048);

    assertThat(session.request("tools/call", args("x"), null).response())
        .failsWithin(WAIT).withThrowableThat().havingCause()
        .isInstanceOfSatisfying(UpstreamException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
          assertThat(e).hasMessageContaining("larger than 2048 bytes");
        });
  }

  @Test
  void oversizedSseEvent_failsAsProtocolError() throws Exception {
    UpstreamSession session = open((req, ex) -> write(sse(ex),
            "data: " + textResult(req.body().get("id").asLong(), "x".repeat(5000)) + "\n\n"),
        Duration.ofSeconds(10), 2048);

    assertThat(session.request("tools/call", args("x"), null).response())
        .failsWithin(WAIT).withThrowableThat().havingCause()
        .isInstanceOfSatisfying(UpstreamException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
  }

  @Test
  void unparseableBody_failsAsProtocolError() throws Exception {
    UpstreamSession session = open((req, ex) -> json(ex, 200, "{\"jsonrpc\": \"2.0\", oops"));

    assertThat(session.request("tools/call", args("x"), null).response())
        .failsWithin(WAIT).withThrowableThat().havingCause()
        .isInstanceOfSatisfying(UpstreamException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
  }

  @Test
  void unsupportedVersion_failsOpen() throws Exception {
    upstream = new ScriptedUpstream((req, ex) -> {});
    upstream.agreedVersion = "2024-11-05";
    UpstreamClient client = new UpstreamClient(spec(upstream.url(), Duration.ofSeconds(5)), HTTP);

    assertThat(client.open("2025-11-25", capabilities())).failsWithin(WAIT).withThrowableThat()
        .havingCause().isInstanceOfSatisfying(UpstreamException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
          assertThat(e).hasMessageContaining("'2024-11-05'");
        });
  }

  @Test
  void cancel_sendsCancelled_andStopsWaiting() throws Exception {
    UpstreamSession session = open((req, ex) -> upstream.hang());
    UpstreamCall call = session.request("tools/call", args("x"), null);
    upstream.await(UpstreamSessionTest::isToolCall);

    assertThat(session.cancel(call.id(), "user gave up")).succeedsWithin(WAIT);

    assertThat(call.response()).isCancelled();
    ScriptedUpstream.Seen cancelled =
        upstream.await(s -> "notifications/cancelled".equals(s.rpcMethod()));
    assertThat(cancelled.body().at("/params/requestId").asLong()).isEqualTo(call.id());
    assertThat(cancelled.body().at("/params/reason").asText()).isEqualTo("user gave up");
    assertThat(upstream.seen(s -> "notifications/cancelled".equals(s.rpcMethod()))).hasSize(1);
  }

  @Test
  void close_sendsDeleteWithSessionId_andFailsOpenCalls() throws Exception {
    UpstreamSession session = open((req, ex) -> {
      if ("DELETE".equals(req.httpMethod())) {
        ex.sendResponseHeaders(200, -1);
      } else {
        upstream.hang();
      }
    });
    UpstreamCall call = session.request("tools/call", args("x"), null);

    assertThat(session.close()).succeedsWithin(WAIT);

    ScriptedUpstream.Seen delete = upstream.await(s -> "DELETE".equals(s.httpMethod()));
    assertThat(delete.header("Mcp-Session-Id")).isEqualTo("s1");
    assertThat(call.response()).failsWithin(WAIT).withThrowableThat().havingCause()
        .isInstanceOfSatisfying(UpstreamException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.CLOSED));
    assertThat(session.request("ping", null, null).response()).isCompletedExceptionally();
  }

  @Test
  void close_toleratesMethodNotAllowed() throws Exception {
    UpstreamSession session = open((req, ex) -> ex.sendResponseHeaders(405, -1));

    assertThat(session.close()).succeedsWithin(WAIT);
  }

  @Test
  void listen_relaysMessages_andReconnectsWithLastEventId() throws Exception {
    UpstreamSession session = open((req, ex) -> {
      if (!"GET".equals(req.httpMethod())) {
        ex.sendResponseHeaders(405, -1);
      } else if (req.header("Last-Event-ID") == null) {
        write(sse(ex), "retry: 20\nid: L1\ndata: {\"jsonrpc\":\"2.0\","
            + "\"method\":\"notifications/tools/list_changed\"}\n\n");
      } else {
        write(sse(ex), "id: L2\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}\n\n");
        upstream.hang();
      }
    });
    List<ObjectNode> heard = new CopyOnWriteArrayList<>();

    session.listen(heard::add);

    ScriptedUpstream.Seen again = upstream.await(
        s -> "GET".equals(s.httpMethod()) && s.header("Last-Event-ID") != null);
    assertThat(again.header("Last-Event-ID")).isEqualTo("L1");
    assertThat(again.header("Mcp-Session-Id")).isEqualTo("s1");
    long end = System.nanoTime() + WAIT.toNanos();
    while (heard.size() < 2 && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertThat(heard).extracting(m -> m.get("method").asText())
        .containsExactly("notifications/tools/list_changed", "ping");
    assertThat(session.close()).succeedsWithin(WAIT);
  }
}
