package dev.mcpbroker.transport;

import dev.mcpbroker.upstream.UpstreamHttp;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.URI;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The broker's HTTP/1.1 client towards upstream MCP servers, on Netty: keep-alive connections
 * pooled per upstream origin (most recently used first), response bodies streamed to the protocol
 * layer as they arrive, on the I/O thread that read them.
 *
 * <p>Design note. The JDK's {@code HttpClient} cost several thread hand-offs per call (selector
 * thread, a worker pool, then the completion executor) and about half as much CPU as the broker's
 * own event loops; here a response is read and dispatched on one event loop. HTTP/1.1 carries one
 * exchange per connection at a time, so a connection is taken from the pool for an exchange and
 * returned when its response ended with keep-alive; a connection whose response was cut short
 * (cancel, deadline, an SSE stream stopped early) is closed, the only way to stop it.
 *
 * <p>The broker's MCP endpoint serves its clients on these same event loops ({@link
 * BrokerHttpServer#start(dev.mcpbroker.config.ServerSettings, dev.mcpbroker.protocol.McpEndpoint,
 * UpstreamHttpClient)}), and idle connections are pooled per event loop: a call made on a loop
 * takes that loop's connection, so the request leaves, its answer is read and the client's reply is
 * written on one thread, with no hand-off between loops (each cost a wake-up of the other thread and
 * a context switch on every call).
 */
public final class UpstreamHttpClient implements UpstreamHttp {
  /** How long a pooled connection may sit unused; below the 30 s idle timeout of common servers. */
  static final Duration POOL_IDLE = Duration.ofSeconds(25);

  private final EventLoopGroup group;
  private final boolean epoll;
  private final Bootstrap plain;
  private final Bootstrap tls;
  /** Idle connections by origin and the event loop they live on, most recently used first. */
  private final Map<PoolKey, Deque<Channel>> idle = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean closed;

  private UpstreamHttpClient(Duration connectTimeout, int threads) {
    this.epoll = Epoll.isAvailable();
    this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("mcp-io", true),
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.plain = bootstrap(connectTimeout, null);
    SslContext ssl;
    try {
      ssl = SslContextBuilder.forClient().build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS for upstream connections", e);
    }
    this.tls = bootstrap(connectTimeout, ssl);
  }

  /**
   * A client with its own event loops, one per core: upstream answers are parsed and dispatched on
   * them, and the broker serves its MCP clients on them too.
   */
  public static UpstreamHttpClient create(Duration connectTimeout) {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout: " + connectTimeout + " (expected: > 0)");
    }
    return create(connectTimeout, Runtime.getRuntime().availableProcessors());
  }

  static UpstreamHttpClient create(Duration connectTimeout, int threads) {
    return new UpstreamHttpClient(connectTimeout, threads);
  }

  private Bootstrap bootstrap(Duration connectTimeout, SslContext ssl) {
    return new Bootstrap()
        .group(group)
        .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (ssl != null) {
              ch.pipeline().addLast(tlsHandler(ssl, ch));
            }
            ch.pipeline()
                .addLast(new HttpClientCodec())
                .addLast(new IdleStateHandler(0, 0, POOL_IDLE.toSeconds(), TimeUnit.SECONDS))
                .addLast(new UpstreamExchangeHandler());
          }
        });
  }

  /** Verifies the server's certificate and that it names the host connected to. */
  private static SslHandler tlsHandler(SslContext ssl, SocketChannel ch) {
    String host = ch.attr(UpstreamExchange.HOST).get();
    int port = ch.attr(UpstreamExchange.PORT).get();
    SslHandler handler = ssl.newHandler(ch.alloc(), host, port);
    SSLEngine engine = handler.engine();
    SSLParameters params = engine.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(params);
    return handler;
  }

  @Override
  public Exchange send(Request request, ResponseHandler response) {
    UpstreamExchange exchange = new UpstreamExchange(request, response, this);
    open.incrementAndGet();
    exchange.done().whenComplete((status, failure) -> open.decrementAndGet());
    if (closed) {
      exchange.fail(new java.io.IOException("the upstream client is closed"));
      return exchange;
    }
    URI uri = request.uri();
    String key = origin(uri);
    EventLoop here = currentLoop();
    Channel pooled = takeIdle(key, here);
    if (pooled != null) {
      exchange.start(pooled);
      return exchange;
    }
    boolean secure = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
    Bootstrap b = (secure ? tls : plain).clone(here != null ? here : group)
        .attr(UpstreamExchange.HOST, uri.getHost())
        .attr(UpstreamExchange.PORT, port)
        .attr(UpstreamExchange.ORIGIN, key);
    if (request.connectTimeout() != null) {
      // each upstream's own connectTimeout (tools.yaml), not the longest of them all
      b.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(Integer.MAX_VALUE,
          request.connectTimeout().toMillis())));
    }
    ChannelFuture connect = b.connect(uri.getHost(), port);
    connect.addListener(f -> {
      if (f.isSuccess()) {
        Channel c = connect.channel();
        c.closeFuture().addListener(closed -> forget(c));
        exchange.start(c);
      } else {
        exchange.fail(UpstreamExchange.connectFailure(uri, f.cause()));
      }
    });
    return exchange;
  }

  /**
   * An idle connection to {@code origin}: on a loop, only one living on that loop (a new connection
   * there costs once, a connection on another loop a hand-off on every call); elsewhere, any.
   */
  private Channel takeIdle(String origin, EventLoop here) {
    if (here != null) {
      return poll(idle.get(new PoolKey(origin, here)));
    }
    for (Map.Entry<PoolKey, Deque<Channel>> e : idle.entrySet()) {
      if (e.getKey().origin().equals(origin)) {
        Channel c = poll(e.getValue());
        if (c != null) {
          return c;
        }
      }
    }
    return null;
  }

  private static Channel poll(Deque<Channel> q) {
    if (q == null) {
      return null;
    }
    for (Channel c = q.pollFirst(); c != null; c = q.pollFirst()) {
      if (c.isActive()) {
        return c;
      }
    }
    return null;
  }

  /** Takes back a connection whose response ended with keep-alive. */
  void release(Channel c) {
    if (closed || !c.isActive()) {
      c.close();
      return;
    }
    Deque<Channel> q = idle.computeIfAbsent(PoolKey.of(c), k -> new ConcurrentLinkedDeque<>());
    q.offerFirst(c);
    if (closed) {
      c.close();
    }
  }

  /** Forgets a pooled connection that closed (the server hung up or it sat idle too long). */
  void forget(Channel c) {
    Deque<Channel> q = idle.get(PoolKey.of(c));
    if (q != null) {
      q.remove(c);
    }
  }

  /** The event loop of this client running the calling thread, or null. */
  private EventLoop currentLoop() {
    for (EventExecutor e : group) {
      if (e.inEventLoop()) {
        return (EventLoop) e;
      }
    }
    return null;
  }

  /**
   * Asked on a thread, says where work started there should go on: the event loop running that
   * thread, or {@code elsewhere} if none of this client's loops does. The tool-call chain asks it
   * before waiting for the audit log, so that the forward and the answer stay on the client's loop.
   */
  public Supplier<Executor> loopRunningThisOr(Executor elsewhere) {
    Objects.requireNonNull(elsewhere, "elsewhere");
    return () -> {
      EventLoop here = currentLoop();
      return here != null ? here : elsewhere;
    };
  }

  /** The event loops, shared with the broker's MCP endpoint; shut down by {@link #close}. */
  EventLoopGroup loops() {
    return group;
  }

  private record PoolKey(String origin, EventLoop loop) {
    static PoolKey of(Channel c) {
      return new PoolKey(c.attr(UpstreamExchange.ORIGIN).get(), c.eventLoop());
    }
  }

  private static String origin(URI uri) {
    return uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + uri.getHost() + ":" + uri.getPort();
  }

  /** Waits up to a second for exchanges in flight (a session's DELETE, say), then closes everything. */
  @Override
  public void close() {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (open.get() > 0 && System.nanoTime() < until) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    closed = true;
    idle.values().forEach(q -> q.forEach(Channel::close));
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
