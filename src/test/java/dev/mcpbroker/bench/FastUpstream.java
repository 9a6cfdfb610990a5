package dev.mcpbroker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.json.Json;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A fast fixed-response MCP server on Streamable HTTP (plain JSON answers): initialize (with a
 * session id), notifications (202), {@code tools/list} with the orders backend's exact tool
 * definitions (so the broker's pins hold), and {@code tools/call} answered with a small order or
 * order list. It checks nothing and keeps no state: it stands for an upstream that costs next to
 * nothing, so that the table shows what the hop in front of it costs.
 *
 * <p>Run as its own process: {@code FastUpstream [--port N] [--threads N]}; prints
 * {@code fast-upstream listening on PORT}.
 */
public final class FastUpstream implements AutoCloseable {
  public static final String ORDER = "{\"order_id\":\"ord_0042\",\"customer_id\":\"customer-42\",\"status\":\"delivered\","
      + "\"currency\":\"EUR\",\"total\":\"166.00\",\"refunded\":\"0.00\",\"items\":[{\"sku\":\"GRND-C40\","
      + "\"name\":\"Burr grinder\",\"quantity\":1,\"unit_price\":\"129.00\"},{\"sku\":\"BEAN-1KG\","
      + "\"name\":\"Espresso beans 1 kg\",\"quantity\":2,\"unit_price\":\"18.50\"}]}";
  public static final String ORDER_LIST = "{\"customer_id\":\"customer-42\",\"orders\":[" + ORDER + "]}";

  private final EventLoopGroup group;
  private final Channel channel;

  private FastUpstream(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /** Starts on 127.0.0.1:{@code port} (0: ephemeral) with {@code threads} event loops. */
  public static FastUpstream start(int port, int threads) throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    byte[] tools = toolsList();
    Channel ch = new ServerBootstrap().group(group)
        .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel c) {
            c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                new HttpServerKeepAliveHandler(), new Handler(tools));
          }
        })
        .bind("127.0.0.1", port).sync().channel();
    return new FastUpstream(group, ch);
  }

  /** Returns the bound port. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static byte[] toolsList() {
    try (InputStream in = FastUpstream.class.getResourceAsStream("/bench/tools-list.json")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers one request at a time per connection, from prebuilt bytes. */
  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final byte[] INIT_RESULT = ("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":"
        + "{\"listChanged\":false}},\"serverInfo\":{\"name\":\"fast-upstream\",\"version\":\"1\"}}")
        .getBytes(StandardCharsets.UTF_8);
    private static final byte[] GET_ORDER_RESULT = result(ORDER);
    private static final byte[] LIST_ORDERS_RESULT = result(ORDER_LIST);

    private final byte[] tools;

    Handler(byte[] tools) {
      this.tools = tools;
    }

    private static byte[] result(String structured) {
      String text = Json.NODES.textNode(structured).toString();
      return ("{\"content\":[{\"type\":\"text\",\"text\":" + text + "}],\"isError\":false,\"structuredContent\":"
          + structured + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws IOException {
      if (HttpMethod.DELETE.equals(req.method())) {
        respond(ctx, HttpResponseStatus.OK, null, null);
        return;
      }
      if (!HttpMethod.POST.equals(req.method())) {
        respond(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, null, null); // no listening stream
        return;
      }
      JsonNode msg;
      try (InputStream in = new ByteBufInputStream(req.content())) {
        msg = Json.MAPPER.readTree(in);
      }
      JsonNode id = msg.get("id");
      String method = msg.path("method").asText("");
      if (id == null) {
        respond(ctx, HttpResponseStatus.ACCEPTED, null, null); // a notification or a response
        return;
      }
      byte[] result = switch (method) {
        case "initialize" -> INIT_RESULT;
        case "tools/list" -> tools;
        case "tools/call" -> "list_orders".equals(msg.path("params").path("name").asText())
            ? LIST_ORDERS_RESULT : GET_ORDER_RESULT;
        default -> "{}".getBytes(StandardCharsets.UTF_8); // ping and the like
      };
      ByteBuf body = ctx.alloc().buffer(result.length + 48);
      body.writeBytes("{\"jsonrpc\":\"2.0\",\"id\":".getBytes(StandardCharsets.US_ASCII));
      body.writeCharSequence(id.toString(), StandardCharsets.UTF_8);
      body.writeBytes(",\"result\":".getBytes(StandardCharsets.US_ASCII));
      body.writeBytes(result);
      body.writeByte('}');
      respond(ctx, HttpResponseStatus.OK, body, "initialize".equals(method) ? UUID.randomUUID().toString() : null);
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, ByteBuf body, String session) {
      var resp = body == null
          ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status)
          : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
      if (body != null) {
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
      }
      resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.readableBytes());
      if (session != null) {
        resp.headers().set("Mcp-Session-Id", session);
      }
      ctx.writeAndFlush(resp);
    }
  }

  /** Runs as a process until killed. */
  public static void main(String[] args) throws InterruptedException {
    int port = 0;
    int threads = 1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException(args[i] + ": unknown option (expected --port, --threads)");
      }
    }
    FastUpstream up = start(port, threads);
    System.out.println("fast-upstream listening on " + up.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
