package dev.mcpbroker.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Passes a connection's requests on one at a time, so that their answers leave in request order
 * even though many are written later from other threads.
 *
 * <p>RFC 9112 §9.3.2: a server MUST send its responses to pipelined requests in the order the
 * requests were received. The MCP endpoint answers asynchronously (a tool call after an audit fsync
 * and an upstream round trip, a new token after verification on a pool), so a ping pipelined behind
 * a tool call would otherwise be answered first. Once a request has been passed on, the decoded
 * pieces of the next one are held here, in order, until the last content of the answer (a full
 * response, or the end of an SSE stream) has been written; meanwhile reading from the socket is
 * paused so that a pipelining client cannot pile up data in memory. The body of the request being
 * answered is never held: it may still be arriving after its answer (a 413 before the rest of an
 * oversized body, which {@link SizeLimitedAggregator} then drains).
 *
 * <p>It sits between the codec and the aggregator so that it sees every answer the aggregator
 * writes itself (100 Continue, 413) in the same order as the others.
 */
final class OneRequestAtATime extends ChannelDuplexHandler {
  private final ArrayDeque<Object> held = new ArrayDeque<>();
  /** A request has been passed on and its answer is not complete yet. */
  private boolean answering;
  /** The answer being written is informational (1xx): its end does not end the exchange. */
  private boolean informational;
  /** Held messages are being passed on (guards against an answer completing within that). */
  private boolean releasing;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      if (answering || !held.isEmpty()) {
        hold(ctx, msg);
        return;
      }
      answering = true;
    } else if (msg instanceof HttpContent && !held.isEmpty()) {
      // a piece of the body of the last held request
      hold(ctx, msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response) {
      informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }
    if (msg instanceof LastHttpContent && !informational) {
      promise = promise.unvoid();
      // released once written, not when handed to the codec: a client that does not read its
      // answers then does not get more requests served either
      promise.addListener(f -> answered(ctx));
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseHeld();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseHeld();
  }

  private void hold(ChannelHandlerContext ctx, Object msg) {
    if (!ctx.channel().isActive()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    held.add(msg);
    ctx.channel().config().setAutoRead(false);
  }

  /** Passes on the next held request, with the part of its body that arrived with it. */
  private void answered(ChannelHandlerContext ctx) {
    answering = false;
    if (releasing) {
      // answered while its request was being passed on (the write completed at once): the loop
      // below passes on the rest of that request's body first, then the next request
      return;
    }
    releasing = true;
    boolean released = false;
    try {
      while (!answering && held.peek() instanceof HttpRequest && ctx.channel().isActive()) {
        answering = true;
        released = true;
        do {
          ctx.fireChannelRead(held.poll());
        } while (!held.isEmpty() && !(held.peek() instanceof HttpRequest));
      }
    } finally {
      releasing = false;
    }
    if (released) {
      ctx.fireChannelReadComplete();
    }
    if (held.isEmpty() && ctx.channel().isActive()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void releaseHeld() {
    Object msg;
    while ((msg = held.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }
}
