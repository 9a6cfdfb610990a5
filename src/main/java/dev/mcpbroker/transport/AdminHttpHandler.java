package dev.mcpbroker.transport;

import dev.mcpbroker.admin.AdminEndpoint;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Translates admin-port HTTP requests into {@link AdminEndpoint} calls and their answers back. */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHttpHandler.class);

  private final AdminEndpoint endpoint;
  private final java.util.concurrent.Executor worker;

  /** {@code worker} runs the endpoint, so that a slow admin action never holds the event loop. */
  AdminHttpHandler(AdminEndpoint endpoint, java.util.concurrent.Executor worker) {
    this.endpoint = endpoint;
    this.worker = worker;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (request.decoderResult().isFailure()) {
      send(ctx, false, Responses.json(HttpResponseStatus.BAD_REQUEST,
          Map.of("error", "request: not valid HTTP (" + request.decoderResult().cause().getMessage() + ")")));
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    // copied out now: the request's buffer is released when this method returns
    var admin = new AdminEndpoint.Request(request.method().name(), uri.path(), uri.parameters(),
        request.headers().get(HttpHeaderNames.AUTHORIZATION), request.headers().get(HttpHeaderNames.ORIGIN),
        ByteBufUtil.getBytes(request.content()));
    try {
      worker.execute(() -> answer(ctx, keepAlive, admin));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      ctx.close(); // shutting down
    }
  }

  private void answer(ChannelHandlerContext ctx, boolean keepAlive, AdminEndpoint.Request request) {
    AdminEndpoint.Response answer;
    try {
      answer = endpoint.handle(request);
    } catch (RuntimeException e) {
      LOG.error("admin request {} {} failed", request.method(), request.path(), e);
      send(ctx, keepAlive, Responses.json(HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("error", "internal error")));
      return;
    }
    var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()),
        Unpooled.wrappedBuffer(answer.body()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    answer.headers().forEach((k, v) -> response.headers().set(k, v));
    send(ctx, keepAlive, response);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("admin connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
    HttpUtil.setKeepAlive(response, keepAlive);
    var future = ctx.writeAndFlush(response);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
