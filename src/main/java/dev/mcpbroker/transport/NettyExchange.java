package dev.mcpbroker.transport;

import dev.mcpbroker.json.Json;
import dev.mcpbroker.protocol.Exchange;
import dev.mcpbroker.protocol.JsonRpc;
import dev.mcpbroker.protocol.MessageStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers one HTTP request on a Netty channel: a JSON body, 202, or an SSE stream. */
final class NettyExchange implements Exchange {
  private static final Logger LOG = LoggerFactory.getLogger(NettyExchange.class);
  static final long RETRY_MILLIS = 1000;

  private final ChannelHandlerContext ctx;
  private final HttpHeaders requestHeaders;
  private final boolean keepAlive;
  private final AtomicBoolean answered = new AtomicBoolean();

  NettyExchange(ChannelHandlerContext ctx, HttpHeaders requestHeaders, boolean keepAlive) {
    this.ctx = ctx;
    this.requestHeaders = requestHeaders;
    this.keepAlive = keepAlive;
  }

  @Override
  public String header(String name) {
    return requestHeaders.get(name);
  }

  @Override
  public void respond(int status, Object body, Map<String, String> headers) {
    if (!answered.compareAndSet(false, true)) {
      LOG.warn("a second answer to one request was dropped (status {})", status);
      return;
    }
    ByteBuf content = Unpooled.EMPTY_BUFFER;
    if (body != null) {
      content = ctx.alloc().buffer();
      try (var out = new ByteBufOutputStream(content)) {
        Json.MAPPER.writeValue((java.io.OutputStream) out, body);
      } catch (IOException e) {
        content.release();
        LOG.error("could not serialize a response", e);
        status = 500;
        content = Unpooled.EMPTY_BUFFER;
      }
    }
    var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
    if (body != null && content.isReadable()) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    }
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    headers.forEach(response.headers()::set);
    write(response);
  }

  @Override
  public MessageStream openStream(Map<String, String> headers) {
    if (!answered.compareAndSet(false, true)) {
      throw new IllegalStateException("this request has been answered already");
    }
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    HttpUtil.setTransferEncodingChunked(response, true);
    HttpUtil.setKeepAlive(response, keepAlive);
    headers.forEach(response.headers()::set);
    ctx.writeAndFlush(response);
    return new SseStream(ctx.channel(), keepAlive, RETRY_MILLIS);
  }

  @Override
  public void resume(Runnable task) {
    try {
      ctx.executor().execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          // a bug, not bad input: as McpHttpHandler does for a request handled without waiting
          LOG.error("unexpected failure handling a resumed request", e);
          respond(500, JsonRpc.error(null, JsonRpc.INTERNAL_ERROR, "internal error"), Map.of());
        }
      });
    } catch (RejectedExecutionException e) {
      // the event loop is shutting down with the broker; the connection goes with it
      LOG.debug("request not resumed: {}", e.toString());
    }
  }

  private void write(DefaultFullHttpResponse response) {
    HttpUtil.setKeepAlive(response, keepAlive);
    var future = ctx.writeAndFlush(response);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
