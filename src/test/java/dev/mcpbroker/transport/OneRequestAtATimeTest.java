package dev.mcpbroker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives the pipelining gate on an EmbeddedChannel, as the codec would feed it decoded pieces. */
class OneRequestAtATimeTest {
  /** What reached the handlers behind the gate, in order: "GET /a", "body /a: ...", "end /a". */
  private final List<String> passed = new ArrayList<>();
  private Consumer<ChannelHandlerContext> onRequestEnd = ctx -> {};
  private Consumer<ChannelHandlerContext> onRequestStart = ctx -> {};
  private final EmbeddedChannel channel = new EmbeddedChannel(new OneRequestAtATime(),
      new ChannelInboundHandlerAdapter() {
        private String uri;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          try {
            if (msg instanceof HttpRequest request) {
              uri = request.uri();
              passed.add(request.method() + " " + uri);
              onRequestStart.accept(ctx);
            }
            if (msg instanceof LastHttpContent last) {
              if (last.content().isReadable()) {
                passed.add("body " + uri + ": " + last.content().toString(StandardCharsets.UTF_8));
              }
              passed.add("end " + uri);
              onRequestEnd.accept(ctx);
            } else if (msg instanceof HttpContent content) {
              passed.add("body " + uri + ": " + content.content().toString(StandardCharsets.UTF_8));
            }
          } finally {
            ReferenceCountUtil.release(msg);
          }
        }
      });

  @AfterEach
  void finish() {
    channel.finishAndReleaseAll();
  }

  private void request(String uri, String... body) {
    channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri));
    for (int i = 0; i < body.length; i++) {
      ByteBuf piece = Unpooled.copiedBuffer(body[i], StandardCharsets.UTF_8);
      channel.writeInbound(i == body.length - 1 ? new DefaultLastHttpContent(piece) : new DefaultHttpContent(piece));
    }
    if (body.length == 0) {
      channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
    }
  }

  private void answer(HttpResponseStatus status) {
    channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status));
  }

  @Test
  void pipelinedRequest_isPassedOnOnlyWhenTheAnswerBeforeItsLastContentIsWritten() {
    request("/a", "1");
    request("/b", "2", "3");

    assertThat(passed).containsExactly("POST /a", "body /a: 1", "end /a");
    assertThat(channel.config().isAutoRead()).isFalse();

    // an SSE answer: headers and events do not end it, its last content does
    channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    channel.writeOutbound(new DefaultHttpContent(Unpooled.copiedBuffer("data: x\n\n", StandardCharsets.UTF_8)));
    assertThat(passed).hasSize(3);

    channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(passed).containsExactly("POST /a", "body /a: 1", "end /a", "POST /b", "body /b: 2", "body /b: 3", "end /b");
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void severalPipelinedRequests_arePassedOnOneByOneInOrder() {
    request("/a");
    request("/b");
    request("/c");
    assertThat(passed).containsExactly("POST /a", "end /a");

    answer(HttpResponseStatus.OK);
    assertThat(passed).containsExactly("POST /a", "end /a", "POST /b", "end /b");
    assertThat(channel.config().isAutoRead()).as("/c is still held").isFalse();

    answer(HttpResponseStatus.OK);
    assertThat(passed).endsWith("POST /c", "end /c");
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void answersWrittenAtOnce_stillPassEveryRequestInOrder() {
    request("/a");
    request("/b", "1", "2");
    request("/c");
    // as a 404 is answered: within the read that passes the request on, so the write completes
    // while the gate is still passing on held pieces
    onRequestEnd = ctx -> ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND));

    answer(HttpResponseStatus.OK);

    assertThat(passed).containsExactly("POST /a", "end /a", "POST /b", "body /b: 1", "body /b: 2", "end /b",
        "POST /c", "end /c");
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void heldRequestAnsweredOnItsHeaders_stillPassesItsBodyBeforeTheNextRequest() {
    request("/a");
    request("/big", "x", "y");
    request("/c");
    // as the aggregator answers 413 to a declared length over the limit
    onRequestStart = ctx -> ctx.writeAndFlush(
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE));

    answer(HttpResponseStatus.OK);

    assertThat(passed).containsExactly("POST /a", "end /a", "POST /big", "body /big: x", "body /big: y", "end /big",
        "POST /c", "end /c");
  }

  @Test
  void informationalAnswer_doesNotEndTheExchange() {
    request("/a");
    request("/b");

    answer(HttpResponseStatus.CONTINUE);
    assertThat(passed).containsExactly("POST /a", "end /a");

    answer(HttpResponseStatus.OK);
    assertThat(passed).endsWith("POST /b", "end /b");
  }

  @Test
  void bodyOfTheAnsweredRequest_passesAfterItsAnswer() {
    // as a 413 is answered on the headers, before the rest of the oversized body is drained
    channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/big"));
    answer(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
    channel.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer("rest", StandardCharsets.UTF_8)));
    channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);

    assertThat(passed).containsExactly("POST /big", "body /big: rest", "end /big");
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void heldRequests_areReleased_whenTheConnectionCloses() {
    request("/a");
    ByteBuf body = Unpooled.copiedBuffer("held", StandardCharsets.UTF_8);
    channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/b"));
    channel.writeInbound(new DefaultLastHttpContent(body));
    assertThat(body.refCnt()).isEqualTo(1);

    channel.close();

    assertThat(body.refCnt()).isZero();
    assertThat(passed).containsExactly("POST /a", "end /a");
  }
}
