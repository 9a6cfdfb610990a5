package dev.mcpbroker.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * Hands what an upstream connection reads to the exchange it currently carries; closes a pooled
 * connection that sat idle, and anything the upstream sends while no exchange is open.
 */
final class UpstreamExchangeHandler extends ChannelInboundHandlerAdapter {

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      UpstreamExchange x = ctx.channel().attr(UpstreamExchange.CURRENT).get();
      if (x == null) {
        ctx.close(); // nothing asked for this: the connection is out of step, never reuse it
        return;
      }
      if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
        x.failInLoop(new IOException("malformed HTTP response: " + o.decoderResult().cause().getMessage(),
            o.decoderResult().cause()));
        return;
      }
      if (msg instanceof HttpResponse r) {
        if (r.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
          return; // 1xx: the real answer follows
        }
        x.onHead(r);
      }
      if (msg instanceof HttpContent c) {
        x.onContent(c.content());
        if (c instanceof LastHttpContent) {
          x.onEnd();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    UpstreamExchange x = ctx.channel().attr(UpstreamExchange.CURRENT).get();
    if (x != null) {
      x.failInLoop(new IOException("the upstream closed the connection before the response ended"));
    }
    ctx.channel().attr(UpstreamExchange.CURRENT).set(null);
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent && ctx.channel().attr(UpstreamExchange.CURRENT).get() == null) {
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    UpstreamExchange x = ctx.channel().attr(UpstreamExchange.CURRENT).get();
    if (x != null) {
      x.failInLoop(cause instanceof IOException io ? io : new IOException(cause.toString(), cause));
    }
    ctx.close();
  }
}
