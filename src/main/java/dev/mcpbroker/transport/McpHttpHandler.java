package dev.mcpbroker.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.protocol.JsonRpc;
import dev.mcpbroker.protocol.McpEndpoint;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates HTTP requests of the MCP endpoint into calls on {@link McpEndpoint}: checks path,
 * Host and Origin, method and content type, and parses the body once. Everything wrong with the
 * request is answered here with a 4xx and a message; no exception escapes to the channel.
 */
final class McpHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(McpHttpHandler.class);

  private final String path;
  private final OriginGuard guard;
  private final McpEndpoint endpoint;

  McpHttpHandler(String path, OriginGuard guard, McpEndpoint endpoint) {
    this.path = path;
    this.guard = guard;
    this.endpoint = endpoint;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (request.decoderResult().isFailure()) {
      reject(ctx, false, HttpResponseStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST,
          "request: not valid HTTP (" + request.decoderResult().cause().getMessage() + ")");
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    if (!uri.path().equals(path)) {
      Object document = HttpMethod.GET.equals(request.method()) ? endpoint.document(uri.path()) : null;
      if (document != null) {
        send(ctx, keepAlive, Responses.json(HttpResponseStatus.OK, document));
      } else {
        reject(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, JsonRpc.INVALID_REQUEST,
            "path: " + uri.path() + " (expected: " + path + ")");
      }
      return;
    }
    if (uri.parameters().containsKey("access_token")) {
      // MCP 2025-11-25 basic/authorization: access tokens MUST NOT be in the URI query string
      reject(ctx, false, HttpResponseStatus.BAD_REQUEST, JsonRpc.INVALID_REQUEST,
          "access_token: in the query string (expected: an Authorization: Bearer header)");
      return;
    }
    String denied = guard.check(request.headers().get(HttpHeaderNames.HOST),
        request.headers().get(HttpHeaderNames.ORIGIN));
    if (denied != null) {
      reject(ctx, keepAlive, HttpResponseStatus.FORBIDDEN, JsonRpc.INVALID_REQUEST, denied);
      return;
    }
    var exchange = new NettyExchange(ctx, request.headers(), keepAlive);
    HttpMethod method = request.method();
    try {
      if (HttpMethod.POST.equals(method)) {
        post(ctx, request, keepAlive, exchange);
      } else if (HttpMethod.GET.equals(method)) {
        endpoint.get(exchange);
      } else if (HttpMethod.DELETE.equals(method)) {
        endpoint.delete(exchange);
      } else {
        FullHttpResponse response = Responses.jsonRpcError(HttpResponseStatus.METHOD_NOT_ALLOWED,
            JsonRpc.INVALID_REQUEST, "method: " + method + " (expected: POST, GET or DELETE)");
        response.headers().set(HttpHeaderNames.ALLOW, "POST, GET, DELETE");
        send(ctx, keepAlive, response);
      }
    } catch (RuntimeException e) {
      // a bug, not bad input: log it with its cause, answer safely, keep the connection's peers alive
      LOG.error("unexpected failure handling {} {}", method, path, e);
      exchange.respond(500, JsonRpc.error(null, JsonRpc.INTERNAL_ERROR, "internal error"), Map.of());
    }
  }

  private void post(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive,
      NettyExchange exchange) {
    String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      reject(ctx, keepAlive, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, JsonRpc.INVALID_REQUEST,
          "Content-Type header: " + type + " (expected: application/json)");
      return;
    }
    JsonNode body;
    try (var in = new ByteBufInputStream(request.content())) {
      body = Json.MAPPER.readTree((java.io.InputStream) in);
    } catch (JsonProcessingException e) {
      reject(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, JsonRpc.PARSE_ERROR,
          "body: not valid JSON (" + e.getOriginalMessage() + ")");
      return;
    } catch (IOException e) {
      reject(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, JsonRpc.PARSE_ERROR, "body: unreadable");
      return;
    }
    if (body == null || body.isMissingNode()) {
      reject(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, JsonRpc.PARSE_ERROR,
          "body: empty (expected: a JSON-RPC message)");
      return;
    }
    endpoint.post(body, exchange);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  private static void reject(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status,
      int code, String message) {
    send(ctx, keepAlive, Responses.jsonRpcError(status, code, message));
  }

  private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
    HttpUtil.setKeepAlive(response, keepAlive);
    var future = ctx.writeAndFlush(response);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
