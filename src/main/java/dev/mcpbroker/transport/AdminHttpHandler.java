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

  AdminHttpHandler(AdminEndpoint endpoint) {
    this.endpoint = endpoint;
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
    AdminEndpoint.Response answer;
    try {
      answer = endpoint.handle(new AdminEndpoint.Request(request.method().name(), uri.path(), uri.parameters(),
          request.headers().get(HttpHeaderNames.AUTHORIZATION), request.headers().get(HttpHeaderNames.ORIGIN),
          ByteBufUtil.getBytes(request.content())));
    } catch (RuntimeException e) {
      LOG.error("admin request {} {} failed", request.method(), uri.path(), e);
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
