package dev.mcpbroker.transport;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Aggregates a request body up to the configured limit and answers a larger one with 413 and a
 * message naming the limit, instead of Netty's empty 413. The connection is closed afterwards
 * because the rest of the oversized body would otherwise be read as the next request.
 */
final class SizeLimitedAggregator extends HttpObjectAggregator {
  private final int maxBytes;

  SizeLimitedAggregator(int maxBytes) {
    super(maxBytes);
    this.maxBytes = maxBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    long declared = HttpUtil.getContentLength(oversized, -1L);
    String size = declared >= 0 ? declared + " bytes" : "more than " + maxBytes + " bytes";
    var response = Responses.jsonRpcError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, -32600,
        "request body: " + size + " (expected: <= " + maxBytes + " bytes)");
    HttpUtil.setKeepAlive(response, false);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
