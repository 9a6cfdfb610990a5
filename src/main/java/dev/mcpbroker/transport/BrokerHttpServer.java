package dev.mcpbroker.transport;

import dev.mcpbroker.config.ServerSettings;
import dev.mcpbroker.protocol.McpEndpoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Listens for MCP clients over HTTP/1.1 on Netty (epoll where the native transport loads). */
public final class BrokerHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerHttpServer.class);

  private final EventLoopGroup ownGroup; // null when the loops are the upstream client's
  private final Channel channel;
  private final ChannelGroup clients;

  private BrokerHttpServer(EventLoopGroup ownGroup, Channel channel, ChannelGroup clients) {
    this.ownGroup = ownGroup;
    this.channel = channel;
    this.clients = clients;
  }

  /** Binds and starts serving {@code endpoint} as configured, on event loops of its own. */
  public static BrokerHttpServer start(ServerSettings settings, McpEndpoint endpoint)
      throws InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(
        Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    return start(settings, endpoint, group, group);
  }

  /**
   * Binds and starts serving {@code endpoint} on the event loops of {@code upstreams}, the client
   * the broker forwards with: a call is read, forwarded and answered on one loop. Closing the server
   * closes its connections and leaves the loops to the client.
   */
  public static BrokerHttpServer start(ServerSettings settings, McpEndpoint endpoint, UpstreamHttpClient upstreams)
      throws InterruptedException {
    return start(settings, endpoint, upstreams.loops(), null);
  }

  private static BrokerHttpServer start(ServerSettings settings, McpEndpoint endpoint, EventLoopGroup group,
      EventLoopGroup ownGroup) throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    ChannelGroup clients = new DefaultChannelGroup("mcp-clients", GlobalEventExecutor.INSTANCE);
    var guard = new OriginGuard(settings.allowedHosts(), settings.allowedOrigins());
    try {
      Channel channel = new ServerBootstrap()
          .group(group)
          .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              clients.add(ch);
              // one request at a time, so that asynchronous answers to pipelined requests leave
              // in request order; it sits before the aggregator to order the aggregator's own
              // answers (100 Continue, 413) too. The keep-alive handler sits after the aggregator
              // so that it never sees the aggregator's 413: it would close at once, and the
              // aggregator closes on its own once the rest of the oversized body is read
              ch.pipeline()
                  .addLast(new HttpServerCodec())
                  .addLast(new OneRequestAtATime())
                  .addLast(new SizeLimitedAggregator(settings.maxBodyBytes()))
                  .addLast(new HttpServerKeepAliveHandler())
                  .addLast(new McpHttpHandler(settings.path(), guard, endpoint));
            }
          })
          .bind(settings.host(), settings.port()).sync().channel();
      LOG.info("MCP endpoint listening on http://{}:{}{} ({} transport)", settings.host(),
          ((InetSocketAddress) channel.localAddress()).getPort(), settings.path(), epoll ? "epoll" : "nio");
      return new BrokerHttpServer(ownGroup, channel, clients);
    } catch (InterruptedException | RuntimeException e) {
      if (ownGroup != null) {
        ownGroup.shutdownGracefully();
      }
      throw e;
    }
  }

  /** Returns the bound port (useful when 0 was configured). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    clients.close().awaitUninterruptibly();
    if (ownGroup != null) {
      ownGroup.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
