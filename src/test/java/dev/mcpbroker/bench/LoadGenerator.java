package dev.mcpbroker.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Drives real MCP sessions over Streamable HTTP in a closed loop: per connection, initialize (with
 * the bearer token), {@code notifications/initialized}, then {@code tools/call} after
 * {@code tools/call} with the session id and {@code MCP-Protocol-Version}, each sent as soon as the
 * previous answer arrived. Three calls in four are {@code get_order}, the fourth
 * {@code list_orders} (naming another customer, which the broker's policy rewrites).
 *
 * <p>Every answer that is not HTTP 200 with a JSON-RPC {@code result} whose {@code isError} is not
 * true counts as an error, as does a connection lost or a session that cannot start. Latencies are
 * recorded in microseconds, for answers completed inside the measurement window only.
 *
 * <p>Requests are written as prebuilt bytes (only the JSON-RPC id and Content-Length change), so
 * that the generator spends its share of the two cores on the system under test, not on itself.
 */
final class LoadGenerator {
  static final String PROTOCOL_VERSION = "2025-11-25";

  /** Where to send: host and port, the MCP path, and the session token (null: none). */
  record Target(String host, int port, String path, String bearer) {}

  /** What one run measured. */
  record Result(long calls, long errors, double seconds, Histogram latencyMicros, List<String> errorSamples,
      long sessionsOpened) {
    double perSecond() {
      return seconds <= 0 ? 0 : calls / seconds;
    }
  }

  private final Target target;
  private final EventLoopGroup group;
  private final byte[] head;
  private volatile long measureFrom = Long.MAX_VALUE;
  private volatile long measureUntil = Long.MAX_VALUE;
  private volatile boolean stopping;
  private final List<Conn> conns = new ArrayList<>();

  LoadGenerator(Target target, int threads) {
    this.target = target;
    boolean epoll = Epoll.isAvailable();
    this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    StringBuilder h = new StringBuilder()
        .append("POST ").append(target.path()).append(" HTTP/1.1\r\n")
        .append("Host: ").append(target.host()).append(':').append(target.port()).append("\r\n")
        .append("Content-Type: application/json\r\n")
        .append("Accept: application/json, text/event-stream\r\n");
    if (target.bearer() != null) {
      h.append("Authorization: Bearer ").append(target.bearer()).append("\r\n");
    }
    this.head = h.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Runs {@code connections} closed loops: {@code warmup}, then {@code measure} recorded; {@code
   * atWindow} runs at the start and at the end of the measurement window (CPU readings).
   */
  Result closedLoop(int connections, Duration warmup, Duration measure, Runnable atWindow) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(connections);
    long start = System.nanoTime();
    measureFrom = start + warmup.toNanos();
    measureUntil = measureFrom + measure.toNanos();
    for (int i = 0; i < connections; i++) {
      connect(new Conn(1, Long.MAX_VALUE, done));
    }
    sleepUntil(measureFrom);
    atWindow.run();
    sleepUntil(measureUntil);
    atWindow.run();
    stopping = true;
    done.await(10, TimeUnit.SECONDS);
    return collect(measure.toNanos() / 1e9);
  }

  /**
   * Opens {@code sessions} sessions over {@code connections} connections, one after the other on
   * each, making {@code callsPerSession} calls in each, and leaves them open (never DELETEd).
   */
  Result openSessions(int connections, int sessions, int callsPerSession) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(connections);
    measureFrom = System.nanoTime();
    measureUntil = Long.MAX_VALUE;
    for (int i = 0; i < connections; i++) {
      int mine = sessions / connections + (i < sessions % connections ? 1 : 0);
      connect(new Conn(mine, callsPerSession, done));
    }
    done.await(10, TimeUnit.MINUTES);
    return collect((System.nanoTime() - measureFrom) / 1e9);
  }

  void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private Result collect(double seconds) {
    Histogram all = new Histogram(1, TimeUnit.MINUTES.toMicros(1), 3);
    long calls = 0;
    long errors = 0;
    long sessions = 0;
    List<String> samples = new ArrayList<>();
    for (Conn c : conns) {
      synchronized (c) {
        all.add(c.histogram);
        calls += c.calls;
        errors += c.errors;
        sessions += c.sessionsOpened;
        samples.addAll(c.samples);
      }
    }
    return new Result(calls, errors, seconds, all, samples.subList(0, Math.min(5, samples.size())), sessions);
  }

  private void connect(Conn conn) {
    conns.add(conn);
    new Bootstrap().group(group)
        .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 22), conn);
          }
        })
        .connect(target.host(), target.port()).addListener(f -> {
          if (!f.isSuccess()) {
            conn.fail("connect: " + f.cause());
          }
        });
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(Math.min(left, 50_000_000));
    }
  }

  private static final byte[] INITIALIZE = ("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"" + PROTOCOL_VERSION + "\",\"capabilities\":{},\"clientInfo\":"
      + "{\"name\":\"mcp-bench\",\"version\":\"1\"}}}").getBytes(StandardCharsets.UTF_8);
  private static final byte[] INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CALL_PREFIX = "{\"jsonrpc\":\"2.0\",\"id\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] GET_ORDER = (",\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\","
      + "\"arguments\":{\"order_id\":\"ord_0042\"}}}").getBytes(StandardCharsets.UTF_8);
  private static final byte[] LIST_ORDERS = (",\"method\":\"tools/call\",\"params\":{\"name\":\"list_orders\","
      + "\"arguments\":{\"customer_id\":\"customer-7\"}}}").getBytes(StandardCharsets.UTF_8);
  private static final byte[] RESULT = "\"result\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] IS_ERROR = "\"isError\":true".getBytes(StandardCharsets.US_ASCII);

  /** One connection's state machine; runs on its event loop only (results read under its lock). */
  private final class Conn extends SimpleChannelInboundHandler<FullHttpResponse> {
    private enum Step { INITIALIZE, INITIALIZED, CALL, DELETE }

    final Histogram histogram = new Histogram(1, TimeUnit.MINUTES.toMicros(1), 3);
    final List<String> samples = new ArrayList<>();
    long calls;
    long errors;
    long sessionsOpened;
    private final int sessions;
    private final long callsPerSession;
    private final CountDownLatch done;
    private Channel channel;
    private Step step;
    private byte[] sessionHead;
    private long id;
    private long callsInSession;
    private long sentAt;
    private boolean finished;

    Conn(int sessions, long callsPerSession, CountDownLatch done) {
      this.sessions = sessions;
      this.callsPerSession = callsPerSession;
      this.done = done;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      channel = ctx.channel();
      startSession();
    }

    private void startSession() {
      if (sessionsOpened >= sessions || stopping) {
        finish();
        return;
      }
      step = Step.INITIALIZE;
      send(head, INITIALIZE);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse resp) {
      long now = System.nanoTime();
      int status = resp.status().code();
      switch (step) {
        case INITIALIZE -> {
          String session = resp.headers().get("Mcp-Session-Id");
          if (status != 200 || !contains(resp.content(), RESULT)) {
            fail("initialize: HTTP " + status + " " + resp.content().toString(StandardCharsets.UTF_8));
            return;
          }
          synchronized (this) {
            sessionsOpened++;
          }
          sessionHead = (new String(head, StandardCharsets.US_ASCII)
              + (session == null ? "" : "Mcp-Session-Id: " + session + "\r\n")
              + "MCP-Protocol-Version: " + PROTOCOL_VERSION + "\r\n").getBytes(StandardCharsets.US_ASCII);
          step = Step.INITIALIZED;
          send(sessionHead, INITIALIZED);
        }
        case INITIALIZED -> {
          if (status != 202) {
            fail("notifications/initialized: HTTP " + status + " (expected: 202)");
            return;
          }
          step = Step.CALL;
          callsInSession = 0;
          nextCall();
        }
        case CALL -> {
          boolean ok = status == 200 && contains(resp.content(), RESULT) && !contains(resp.content(), IS_ERROR);
          boolean inWindow = now >= measureFrom && now < measureUntil;
          synchronized (this) {
            if (!ok) {
              errors++;
              if (samples.size() < 3) {
                samples.add("tools/call: HTTP " + status + " " + resp.content().toString(StandardCharsets.UTF_8));
              }
            } else if (inWindow) {
              calls++;
              histogram.recordValue(Math.max(1, (now - sentAt) / 1000));
            }
          }
          if (++callsInSession >= callsPerSession) {
            startSession();
          } else {
            nextCall();
          }
        }
        case DELETE -> finish(); // whatever the answer: the closed loop is over
        default -> throw new IllegalStateException(step.name());
      }
    }

    private void nextCall() {
      if (stopping || System.nanoTime() >= measureUntil) {
        finish();
        return;
      }
      long n = ++id;
      sentAt = System.nanoTime();
      send(sessionHead, n, n % 4 == 0 ? LIST_ORDERS : GET_ORDER);
    }

    private void send(byte[] headers, byte[] body) {
      ByteBuf buf = channel.alloc().buffer(headers.length + body.length + 32);
      buf.writeBytes(headers).writeCharSequence("Content-Length: " + body.length + "\r\n\r\n", StandardCharsets.US_ASCII);
      buf.writeBytes(body);
      sentAt = System.nanoTime();
      channel.writeAndFlush(buf);
    }

    private void send(byte[] headers, long requestId, byte[] rest) {
      String idText = Long.toString(requestId);
      int length = CALL_PREFIX.length + idText.length() + rest.length;
      ByteBuf buf = channel.alloc().buffer(headers.length + length + 32);
      buf.writeBytes(headers).writeCharSequence("Content-Length: " + length + "\r\n\r\n", StandardCharsets.US_ASCII);
      buf.writeBytes(CALL_PREFIX).writeCharSequence(idText, StandardCharsets.US_ASCII);
      buf.writeBytes(rest);
      channel.writeAndFlush(buf);
    }

    void fail(String why) {
      synchronized (this) {
        errors++;
        if (samples.size() < 3) {
          samples.add(why);
        }
      }
      finish();
    }

    private void finish() {
      if (finished) {
        return;
      }
      if (callsPerSession == Long.MAX_VALUE && step == Step.CALL && sessionHead != null && channel != null
          && channel.isActive()) {
        // a closed loop ends its session as a well-behaved client does (DELETE), so the broker
        // does not keep its call history until the idle timeout and count it in later rows
        step = Step.DELETE;
        String head = new String(sessionHead, StandardCharsets.US_ASCII);
        byte[] delete = ("DELETE" + head.substring(head.indexOf(' ')) + "Content-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        channel.writeAndFlush(channel.alloc().buffer(delete.length).writeBytes(delete));
        return;
      }
      finished = true;
      if (channel != null && callsPerSession == Long.MAX_VALUE) {
        channel.close(); // the closed loop is over; idle sessions keep their connection open
      }
      done.countDown();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (step == Step.DELETE) {
        finish(); // a server that closes instead of answering the DELETE ended the session too
      } else if (!finished) {
        fail("connection closed by the server during " + step);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail("connection failed: " + cause);
      ctx.close();
    }
  }

  private static boolean contains(ByteBuf content, byte[] needle) {
    return ByteBufUtil.indexOf(io.netty.buffer.Unpooled.wrappedBuffer(needle), content) >= 0;
  }

  /**
   * Drives an already running endpoint: {@code LoadGenerator PORT CONNECTIONS SECONDS [TOKEN]}
   * (1 s warm-up), printing calls/s, p50/p99/p99.9 and errors.
   */
  public static void main(String[] args) throws InterruptedException {
    var lg = new LoadGenerator(new Target("127.0.0.1", Integer.parseInt(args[0]), "/mcp",
        args.length > 3 ? args[3] : null), 2);
    try {
      Result r = lg.closedLoop(Integer.parseInt(args[1]), Duration.ofSeconds(1),
          Duration.ofSeconds(Long.parseLong(args[2])), () -> { });
      var h = r.latencyMicros();
      System.out.printf("%.0f calls/s, p50 %d us, p99 %d us, p99.9 %d us, %d errors %s%n", r.perSecond(),
          h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), r.errors(),
          r.errorSamples());
    } finally {
      lg.close();
    }
  }
}
