package dev.mcpbroker.transport;

import dev.mcpbroker.admin.AdminEndpoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for operators on the admin port, apart from the MCP port so that it can be bound and
 * firewalled on its own. One NIO thread reads; the admin work (a reload reads files, a scrape
 * walks every meter) runs on a worker thread of its own, never on an MCP event loop.
 */
public final class AdminHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);
  /** Admin bodies are a few small JSON fields. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final EventLoopGroup group;
  private final ExecutorService workers;
  private final Channel channel;

  private AdminHttpServer(EventLoopGroup group, ExecutorService workers, Channel channel) {
    this.group = group;
    this.workers = workers;
    this.channel = channel;
  }

  /** Binds {@code host:port} (0: a free port) and serves {@code endpoint}. */
  public static AdminHttpServer start(String host, int port, AdminEndpoint endpoint) throws InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ExecutorService workers = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "admin-api");
      t.setDaemon(true);
      return t;
    });
    try {
      Channel channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline()
                  .addLast(new HttpServerCodec())
                  .addLast(new SizeLimitedAggregator(MAX_BODY_BYTES))
                  .addLast(new HttpServerKeepAliveHandler())
                  .addLast(new AdminHttpHandler(endpoint, workers));
            }
          })
          .bind(host, port).sync().channel();
      LOG.info("admin API listening on http://{}:{}", host, ((InetSocketAddress) channel.localAddress()).getPort());
      return new AdminHttpServer(group, workers, channel);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully();
      workers.shutdownNow();
      throw e;
    }
  }

  /** Returns the bound port. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownNow();
  }
}
