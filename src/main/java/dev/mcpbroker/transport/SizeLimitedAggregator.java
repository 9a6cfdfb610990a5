package dev.mcpbroker.transport;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Aggregates a request body up to the configured limit and answers a larger one with 413 and a
 * message naming the limit, instead of Netty's empty 413.
 *
 * <p>The connection is closed afterwards, because the rest of the oversized body would otherwise be
 * read as the next request, but not at once: closing a socket whose receive buffer still holds
 * unread body makes the kernel send a reset, and the reset can overtake the 413 so that the client
 * sees "connection reset" instead of the answer. So the rest of the body is read and thrown away
 * (a lingering close) until it ends, until {@link #DRAIN_LIMIT_BYTES} more bytes have arrived or
 * until {@link #LINGER_MILLIS} have passed, whichever comes first; an attacker streaming an endless
 * body holds the connection for at most that long and nothing of it is kept.
 */
final class SizeLimitedAggregator extends HttpObjectAggregator {
  static final long DRAIN_LIMIT_BYTES = 16L * 1024 * 1024;
  static final long LINGER_MILLIS = 2_000;

  private final int maxBytes;
  private boolean draining;
  private long drained;
  private ChannelFuture answered;

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
    draining = true;
    answered = ctx.writeAndFlush(response);
    ctx.executor().schedule(() -> closeAfterAnswer(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean acceptInboundMessage(Object msg) throws Exception {
    return draining ? msg instanceof HttpObject : super.acceptInboundMessage(msg);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
    if (!draining) {
      super.decode(ctx, msg, out);
      if (!draining) {
        return;
      }
      // the message that overflowed the limit may itself have been the last piece of the body
    }
    if (msg instanceof HttpContent content) {
      drained += content.content().readableBytes();
    }
    if (msg instanceof LastHttpContent || drained > DRAIN_LIMIT_BYTES) {
      closeAfterAnswer();
    }
  }

  /** Closes once the 413 is written: a close with the answer still queued would discard it. */
  private void closeAfterAnswer() {
    answered.addListener(ChannelFutureListener.CLOSE);
  }
}
