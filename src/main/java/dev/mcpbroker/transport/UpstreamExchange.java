package dev.mcpbroker.transport;

import dev.mcpbroker.upstream.UpstreamHttp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request to an upstream and its response, on one pooled connection. Everything after {@link
 * #start} runs on that connection's event loop; {@link #cancel} and {@link #fail} may come from any
 * thread and hop onto it.
 */
final class UpstreamExchange implements UpstreamHttp.Exchange, UpstreamHttp.Head {
  static final AttributeKey<String> HOST = AttributeKey.valueOf("mcp.upstream.host");
  static final AttributeKey<Integer> PORT = AttributeKey.valueOf("mcp.upstream.port");
  static final AttributeKey<String> ORIGIN = AttributeKey.valueOf("mcp.upstream.origin");
  /** The exchange a connection currently carries; null while it sits in the pool. */
  static final AttributeKey<UpstreamExchange> CURRENT = AttributeKey.valueOf("mcp.upstream.exchange");

  /**
   * Header values are not re-validated character by character (the action token alone is several
   * hundred): they are the catalog's headers, checked when tools.yaml loads, the broker's own
   * tokens and ids, and ids an upstream sent in a header or SSE line, which cannot hold CR or LF.
   */
  private static final DefaultHttpHeadersFactory HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withValueValidation(false);

  private final UpstreamHttp.Request request;
  private final UpstreamHttp.ResponseHandler handler;
  private final UpstreamHttpClient client;
  private final CompletableFuture<Integer> done = new CompletableFuture<>();
  private volatile Channel channel;
  private volatile boolean cancelled;
  private volatile boolean ended; // the whole body arrived: nothing left to stop
  private ScheduledFuture<?> headTimer; // event loop only
  private UpstreamHttp.BodyReader reader; // event loop only
  private HttpResponse head; // event loop only

  UpstreamExchange(UpstreamHttp.Request request, UpstreamHttp.ResponseHandler handler, UpstreamHttpClient client) {
    this.request = request;
    this.handler = handler;
    this.client = client;
  }

  /** Sends the request on {@code c}, a fresh or pooled connection now owned by this exchange. */
  void start(Channel c) {
    if (!c.eventLoop().inEventLoop()) {
      c.eventLoop().execute(() -> start(c));
      return;
    }
    if (cancelled || done.isDone()) {
      client.release(c); // never used: still clean
      return;
    }
    channel = c;
    c.attr(CURRENT).set(this);
    if (request.timeout() != null) {
      headTimer = c.eventLoop().schedule(this::headTimedOut, request.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }
    c.writeAndFlush(encode(request, c)).addListener(f -> {
      if (!f.isSuccess()) {
        failInLoop(f.cause() instanceof IOException io ? io : new IOException("could not send the request", f.cause()));
      }
    });
  }

  private static FullHttpRequest encode(UpstreamHttp.Request r, Channel c) {
    URI uri = r.uri();
    String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      target += "?" + uri.getRawQuery();
    }
    ByteBuf body = r.body() == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body());
    FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(r.method()), target, body,
        HEADERS, DefaultHttpHeadersFactory.trailersFactory());
    HttpHeaders h = out.headers();
    int port = c.attr(PORT).get();
    boolean defaultPort = port == ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
    h.set(HttpHeaderNames.HOST, defaultPort ? uri.getHost() : uri.getHost() + ":" + port);
    for (Map.Entry<String, String> e : r.headers()) {
      h.set(e.getKey(), e.getValue());
    }
    if (r.body() != null) {
      h.set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    }
    return out;
  }

  // ---- called by UpstreamExchangeHandler on the event loop ----

  void onHead(HttpResponse response) {
    if (done.isDone()) {
      return;
    }
    cancelTimer();
    head = response;
    try {
      reader = handler.onHead(this);
    } catch (RuntimeException e) {
      failInLoop(new IOException("the response head was refused: " + e, e));
    }
  }

  void onContent(ByteBuf content) {
    if (reader != null && !done.isDone() && content.isReadable()) {
      try {
        reader.onData(content.nioBuffer());
      } catch (RuntimeException e) {
        failInLoop(new IOException("the response body was refused: " + e, e));
      }
    }
  }

  void onEnd() {
    if (done.isDone()) {
      return;
    }
    ended = true;
    Channel c = channel;
    c.attr(CURRENT).set(null);
    // back to the pool first: whoever the answer wakes may send the next request at once
    if (HttpUtil.isKeepAlive(head)) {
      client.release(c);
    } else {
      c.close();
    }
    RuntimeException refused = null;
    if (reader != null) {
      try {
        reader.onEnd();
      } catch (RuntimeException e) {
        refused = e; // the body was whole, so the connection was still clean
      }
    }
    if (refused == null) {
      done.complete(head.status().code());
    } else {
      done.completeExceptionally(new IOException("the response body was refused: " + refused, refused));
    }
  }

  /** The connection failed or closed before the response ended. */
  void failInLoop(IOException failure) {
    if (done.isDone()) {
      return;
    }
    cancelTimer();
    Channel c = channel;
    if (c != null) {
      c.attr(CURRENT).set(null);
      c.close();
    }
    if (reader != null) {
      try {
        reader.onError(failure);
      } catch (RuntimeException ignored) {
        // the exchange fails either way
      }
    }
    done.completeExceptionally(failure);
  }

  private void headTimedOut() {
    if (head == null) {
      failInLoop(new HttpTimeoutException("no response from " + request.uri() + " within " + request.timeout()));
    }
  }

  private void cancelTimer() {
    if (headTimer != null) {
      headTimer.cancel(false);
      headTimer = null;
    }
  }

  /** Fails before a connection was had (connect failed, client closed). */
  void fail(IOException failure) {
    Channel c = channel;
    if (c != null) {
      c.eventLoop().execute(() -> failInLoop(failure));
    } else {
      done.completeExceptionally(failure);
    }
  }

  static IOException connectFailure(URI uri, Throwable cause) {
    if (cause instanceof io.netty.channel.ConnectTimeoutException) {
      HttpConnectTimeoutException e = new HttpConnectTimeoutException("connect to " + uri + " timed out");
      e.initCause(cause);
      return e;
    }
    ConnectException e = new ConnectException("cannot connect to " + uri + ": " + cause.getMessage());
    e.initCause(cause);
    return e;
  }

  // ---- UpstreamHttp.Exchange ----

  @Override
  public CompletableFuture<Integer> done() {
    return done;
  }

  @Override
  public void cancel() {
    if (done.isDone()) {
      return;
    }
    cancelled = true;
    Channel c = channel;
    if (c == null) {
      done.completeExceptionally(new CancellationException("cancelled before it was sent"));
      return;
    }
    c.eventLoop().execute(() -> {
      if (!done.isDone()) {
        cancelTimer();
        c.attr(CURRENT).set(null);
        c.close();
        done.completeExceptionally(new CancellationException("cancelled"));
      }
    });
  }

  @Override
  public boolean isFinished() {
    return ended || done.isDone();
  }

  // ---- UpstreamHttp.Head ----

  @Override
  public int status() {
    return head.status().code();
  }

  @Override
  public String header(String name) {
    return head.headers().get(name);
  }
}
