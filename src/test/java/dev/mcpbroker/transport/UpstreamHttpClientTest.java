package dev.mcpbroker.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpbroker.upstream.UpstreamHttp;
import io.netty.channel.EventLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Netty upstream client against a raw socket server whose every byte the test scripts:
 * connection reuse, what goes on the wire, and each way an exchange can end badly.
 */
class UpstreamHttpClientTest {
  private final UpstreamHttpClient http = UpstreamHttpClient.create(Duration.ofSeconds(2));
  private final Scripted server = new Scripted();

  @AfterEach
  void close() throws IOException {
    http.close();
    server.close();
  }

  @Test
  void keepAliveConnectionIsReusedAndTheRequestIsSentAsGiven() throws Exception {
    server.answer(req -> ok("{\"n\":" + req.index + "}"));
    for (int i = 0; i < 3; i++) {
      Body body = new Body();
      UpstreamHttp.Exchange x = http.send(post("{\"i\":" + i + "}", Map.entry("Mcp-Session-Id", "s-1")), h -> body);
      assertThat(x.done().get(5, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(body.text()).isEqualTo("{\"n\":" + i + "}");
      assertThat(body.ended).isTrue();
    }
    assertThat(server.connections.get()).as("connections accepted").isEqualTo(1);
    Request first = server.requests.get(0);
    assertThat(first.head).startsWith("POST /mcp?x=1 HTTP/1.1\r\n");
    assertThat(first.header("host")).isEqualTo("127.0.0.1:" + server.port());
    assertThat(first.header("mcp-session-id")).isEqualTo("s-1");
    assertThat(first.header("content-length")).isEqualTo("7");
    assertThat(first.body).isEqualTo("{\"i\":0}");
  }

  @Test
  void aCallMadeOnAnEventLoopIsSentAndAnsweredOnThatLoop_onAConnectionOfItsOwn() throws Exception {
    server.answer(req -> ok("{}"));
    try (UpstreamHttpClient twoLoops = UpstreamHttpClient.create(Duration.ofSeconds(2), 2)) {
      List<EventLoop> loops = new java.util.ArrayList<>();
      twoLoops.loops().forEach(e -> loops.add((EventLoop) e));
      assertThat(loops).hasSize(2);
      Executor elsewhere = Runnable::run;
      for (EventLoop loop : List.of(loops.get(0), loops.get(0), loops.get(1))) {
        CompletableFuture<Boolean> endedOnTheLoop = new CompletableFuture<>();
        CompletableFuture<Executor> continueOn = new CompletableFuture<>();
        loop.execute(() -> {
          continueOn.complete(twoLoops.loopRunningThisOr(elsewhere).get());
          twoLoops.send(post("{}"), h -> new Body() {
            @Override
            public void onEnd() {
              endedOnTheLoop.complete(loop.inEventLoop());
            }
          });
        });
        assertThat(endedOnTheLoop.get(5, TimeUnit.SECONDS)).as("the answer is read on the caller's loop").isTrue();
        assertThat(continueOn.get(5, TimeUnit.SECONDS)).isSameAs(loop);
      }
      // loop 0 reused its connection; loop 1 opened its own rather than borrow loop 0's
      assertThat(server.connections.get()).as("connections accepted").isEqualTo(2);
      assertThat(twoLoops.loopRunningThisOr(elsewhere).get()).as("off the loops").isSameAs(elsewhere);
      // a caller on no loop takes any idle connection
      assertThat(twoLoops.send(post("{}"), h -> null).done().get(5, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(server.connections.get()).isEqualTo(2);
    }
  }

  @Test
  void laterHeaderReplacesAnEarlierOneOfTheSameName() throws Exception {
    server.answer(req -> ok("{}"));
    http.send(post("{}", Map.entry("Authorization", "Bearer configured"), Map.entry("Authorization", "Bearer action")),
        h -> null).done().get(5, TimeUnit.SECONDS);
    assertThat(server.requests.get(0).head).containsOnlyOnce("Authorization").contains("Bearer action");
  }

  @Test
  void connectionCloseAnswerIsNotPooled() throws Exception {
    server.answer(req -> "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    for (int i = 0; i < 2; i++) {
      assertThat(http.send(post("{}"), h -> null).done().get(5, TimeUnit.SECONDS)).isEqualTo(200);
    }
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void cancellingAnOpenStreamClosesItsConnection() throws Exception {
    server.answer(req -> "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "7\r\ndata: 1\r\n"); // the stream stays open
    Body body = new Body();
    UpstreamHttp.Exchange x = http.send(post("{}"), h -> body);
    assertThat(body.firstData.get(5, TimeUnit.SECONDS)).isEqualTo("data: 1");
    assertThat(x.isFinished()).isFalse();
    x.cancel();
    assertThatThrownBy(() -> x.done().get(5, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    assertThat(server.hangups.poll(5, TimeUnit.SECONDS)).as("the server saw the connection close").isNotNull();
    assertThat(x.isFinished()).isTrue();
  }

  @Test
  void noAnswerWithinTheTimeoutFailsWithHttpTimeout() {
    server.answer(req -> null); // reads the request, never answers
    UpstreamHttp.Request r = new UpstreamHttp.Request("POST", server.uri(), List.of(), "{}".getBytes(),
        Duration.ofMillis(200));
    long start = System.nanoTime();
    assertThatThrownBy(() -> http.send(r, h -> null).done().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void refusedConnectionFailsWithConnectException() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    UpstreamHttp.Request r = new UpstreamHttp.Request("GET", URI.create("http://127.0.0.1:" + port + "/mcp"),
        List.of(), null, null);
    assertThatThrownBy(() -> http.send(r, h -> null).done().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ConnectException.class);
  }

  @Test
  void requestsConnectTimeout_replacesTheClientsOwn() throws Exception {
    // a listener whose accept queue is full: the kernel drops further SYNs, so connecting hangs
    try (UpstreamHttpClient patient = UpstreamHttpClient.create(Duration.ofMinutes(1));
        ServerSocket full = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Socket first = new Socket(full.getInetAddress(), full.getLocalPort());
        Socket second = new Socket()) {
      try {
        second.connect(full.getLocalSocketAddress(), 200);
      } catch (java.net.SocketTimeoutException expected) {
        // the queue is full now
      }
      UpstreamHttp.Request r = new UpstreamHttp.Request("GET", URI.create("http://127.0.0.1:" + full.getLocalPort() + "/mcp"),
          List.of(), null, null, Duration.ofMillis(300));
      assertThatThrownBy(() -> patient.send(r, h -> null).done().get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(java.net.http.HttpConnectTimeoutException.class);
    }
  }

  @Test
  void connectionDroppedMidBodyFailsTheExchange() {
    server.answer(req -> "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"par");
    server.hangUpAfterAnswer = true;
    Body body = new Body();
    assertThatThrownBy(() -> http.send(post("{}"), h -> body).done().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IOException.class);
    assertThat(body.ended).isFalse();
    assertThat(body.failure).isInstanceOf(IOException.class);
  }

  @Test
  void malformedResponseFailsTheExchange() {
    server.answer(req -> "this is not HTTP at all\r\n\r\n");
    assertThatThrownBy(() -> http.send(post("{}"), h -> null).done().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void aReaderThatRefusesTheBodyFailsTheExchangeWithItsReason() {
    server.answer(req -> ok("{\"too\":\"big\"}"));
    IllegalStateException refusal = new IllegalStateException("message larger than allowed");
    UpstreamHttp.BodyReader refusing = new Body() {
      @Override
      public void onData(ByteBuffer chunk) {
        throw refusal;
      }
    };
    assertThatThrownBy(() -> http.send(post("{}"), h -> refusing).done().get(5, TimeUnit.SECONDS))
        .hasRootCause(refusal);
  }

  private UpstreamHttp.Request post(String body, Map.Entry<String, String>... headers) {
    return new UpstreamHttp.Request("POST", URI.create(server.uri() + "?x=1"), List.of(headers),
        body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
  }

  private static String ok(String json) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
  }

  /** Collects a body. */
  private static class Body implements UpstreamHttp.BodyReader {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CompletableFuture<String> firstData = new CompletableFuture<>();
    volatile boolean ended;
    volatile Throwable failure;

    @Override
    public void onData(ByteBuffer chunk) {
      byte[] b = new byte[chunk.remaining()];
      chunk.get(b);
      bytes.writeBytes(b);
      firstData.complete(new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public void onEnd() {
      ended = true;
    }

    @Override
    public void onError(Throwable t) {
      failure = t;
    }

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** One request as the server read it. */
  private record Request(int index, String head, String body) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /** A socket server answering each request with the raw bytes a function gives (null: silence). */
  private static final class Scripted implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final BlockingQueue<Boolean> hangups = new LinkedBlockingQueue<>();
    final List<Socket> open = new CopyOnWriteArrayList<>();
    volatile java.util.function.Function<Request, String> answer;
    volatile boolean hangUpAfterAnswer;

    Scripted() {
      try {
        socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Thread t = new Thread(this::accept, "scripted-upstream");
      t.setDaemon(true);
      t.start();
    }

    void answer(java.util.function.Function<Request, String> f) {
      answer = f;
    }

    int port() {
      return socket.getLocalPort();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + port() + "/mcp");
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          connections.incrementAndGet();
          open.add(s);
          Thread t = new Thread(() -> serve(s), "scripted-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
        while (true) {
          String head = readHead(in);
          if (head == null) {
            hangups.add(true);
            return;
          }
          int length = 0;
          Request probe = new Request(0, head, "");
          if (probe.header("content-length") != null) {
            length = Integer.parseInt(probe.header("content-length"));
          }
          String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
          Request r = new Request(requests.size(), head, body);
          requests.add(r);
          String reply = answer.apply(r);
          if (reply != null) {
            out.write(reply.getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
          if (hangUpAfterAnswer) {
            return;
          }
        }
      } catch (IOException e) {
        hangups.add(true);
      }
    }

    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0) {
        b.write(c);
        String s = b.toString(StandardCharsets.ISO_8859_1);
        if (s.endsWith("\r\n\r\n")) {
          return s;
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : open) {
        s.close();
      }
    }
  }
}
