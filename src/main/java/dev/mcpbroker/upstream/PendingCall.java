package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.upstream.UpstreamException.Kind;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Carries one request from POST to final response.
 *
 * <p>Design note. The answer is either one JSON body or an SSE stream on which notifications and
 * server-to-client requests for this call come first, then the response. A 2025-11-25 server may
 * close that stream early (SEP-1699, "SSE polling"); the call then resumes with a GET carrying
 * {@code Last-Event-ID} after the server's {@code retry} delay, as often as needed. One deadline
 * covers all of it. Whatever ends the call (response, deadline, cancel, close) runs {@link
 * #release} once, which stops timers and streams.
 */
final class PendingCall implements Inbound {
  private static final long DEFAULT_RETRY_MILLIS = 1000;
  /** How long a finished SSE stream may linger before we close it ourselves. */
  private static final Duration LINGER = Duration.ofSeconds(2);

  private final UpstreamSession session;
  final long id;
  final String method;
  private final byte[] body;
  private final UpstreamListener listener;
  private final boolean isInitialize;
  final CompletableFuture<ObjectNode> response = new CompletableFuture<>();
  private final AtomicBoolean cancelNoticeSent = new AtomicBoolean();
  private long deadline;
  private volatile String lastEventId;
  private volatile long retryMillis = DEFAULT_RETRY_MILLIS;
  private final Map<String, String> headers;
  private volatile String sessionIdHeader;
  private volatile boolean reinitialized;
  private volatile UpstreamHttp.Exchange exchange;
  private volatile ScheduledFuture<?> deadlineTimer;
  private volatile ScheduledFuture<?> resumeTimer;

  PendingCall(UpstreamSession session, long id, String method, JsonNode params,
      UpstreamListener listener, Map<String, String> headers) {
    this.session = session;
    this.headers = headers;
    this.id = id;
    this.method = method;
    this.listener = listener == null ? UpstreamListener.IGNORE : listener;
    this.isInitialize = "initialize".equals(method);
    ObjectNode m = Wire.message(method, params);
    m.put("id", id);
    this.body = Wire.bytes(m);
  }

  /** Starts the deadline and sends; {@code h} is null for initialize. */
  void start(Handshake h) {
    Duration timeout = session.spec().callTimeout();
    deadline = System.nanoTime() + timeout.toNanos();
    response.whenComplete((r, e) -> release(e));
    deadlineTimer = Timers.schedule(this::expire, timeout);
    if (response.isDone()) {
      deadlineTimer.cancel(false); // completed before the timer was stored, so release missed it
    }
    post(h);
  }

  /** The {@code Mcp-Session-Id} the upstream gave in answer to our POST, if any. */
  String sessionIdHeader() {
    return sessionIdHeader;
  }

  private void post(Handshake h) {
    if (response.isDone()) {
      return;
    }
    send(Wire.post(session.spec(), h, body, remaining(), headers), h, false, info -> {
      if (sessionIdHeader == null) {
        sessionIdHeader = info.header(Wire.SESSION_ID);
      }
    });
  }

  private void resume(Handshake h) {
    if (response.isDone()) {
      return;
    }
    send(Wire.get(session.spec(), h, lastEventId, remaining()), h, true, info -> {});
  }

  private void send(UpstreamHttp.Request request, Handshake h, boolean resumed, Consumer<UpstreamHttp.Head> head) {
    UpstreamHttp.Head[] seen = new UpstreamHttp.Head[1];
    try {
      UpstreamHttp.Exchange x = session.http().send(request,
          Bodies.handler(session.name(), session.maxMessageBytes(), this, info -> {
            seen[0] = info;
            head.accept(info);
          }));
      exchange = x;
      x.done().whenComplete((status, err) -> after(h, seen[0], err, resumed));
    } catch (RuntimeException e) {
      response.completeExceptionally(e);
    }
  }

  private void after(Handshake h, UpstreamHttp.Head resp, Throwable err, boolean resumed) {
    if (response.isDone()) {
      return;
    }
    if (err != null) {
      Throwable t = Wire.unwrap(err);
      if (t instanceof HttpTimeoutException && !(t instanceof HttpConnectTimeoutException)) {
        expire();
      } else {
        response.completeExceptionally(Wire.map(session.name(), method, t));
      }
      return;
    }
    int status = resp.status();
    if (status == 404 && !resumed && h != null && h.sessionId() != null && !reinitialized) {
      // MCP basic/transports: a 404 to a request carrying a session id means the session ended
      // and the request was not processed, so re-initializing and resending once is safe.
      reinitialized = true;
      session.reinit(h).whenComplete((fresh, e) -> {
        if (e != null) {
          response.completeExceptionally(e);
        } else {
          post(fresh);
        }
      });
      return;
    }
    if (status >= 300) {
      response.completeExceptionally(UpstreamException.status(session.name(), method, status));
      return;
    }
    boolean sse = Bodies.isSse(resp);
    if (status == 200 && sse && lastEventId != null) {
      resumeLater(h);
    } else {
      response.completeExceptionally(UpstreamException.of(Kind.PROTOCOL, session.name(),
          "ended its answer to " + method + " without a response (HTTP " + status + ", "
              + (sse ? "no event id to resume from)" : "no JSON-RPC response)")));
    }
  }

  private void resumeLater(Handshake h) {
    long left = deadline - System.nanoTime();
    Duration delay = Duration.ofNanos(Math.min(left, Duration.ofMillis(retryMillis).toNanos()));
    resumeTimer = Timers.schedule(() -> resume(h), delay);
  }

  @Override
  public void onMessage(ObjectNode m) {
    if (Wire.isResponse(m)) {
      JsonNode rid = m.get("id");
      if (rid.isIntegralNumber() && rid.asLong() == id) {
        session.touch();
        response.complete(m);
      } else {
        session.route(m);
      }
    } else if (!response.isDone()) {
      listener.onMessage(m);
    }
  }

  @Override
  public void onEventId(String eventId) {
    lastEventId = eventId;
  }

  @Override
  public void onRetry(long millis) {
    retryMillis = millis;
  }

  private void expire() {
    Duration timeout = session.spec().callTimeout();
    if (response.completeExceptionally(
        UpstreamException.timeout(session.name(), method, timeout))) {
      sendCancelNotice("timeout: no response within " + UpstreamException.format(timeout));
    }
  }

  /** Sends notifications/cancelled once; MCP basic/utilities/cancellation forbids it for initialize. */
  CompletableFuture<Void> sendCancelNotice(String reason) {
    if (!isInitialize && cancelNoticeSent.compareAndSet(false, true)) {
      return session.sendCancelled(id, reason);
    }
    return CompletableFuture.completedFuture(null);
  }

  private void release(Throwable failure) {
    session.forget(this);
    cancel(deadlineTimer);
    cancel(resumeTimer);
    UpstreamHttp.Exchange x = exchange;
    if (failure == null) {
      // The server should close the stream after the response; closing it ourselves would cost
      // the pooled connection, so give it a moment first.
      if (x != null && !x.isFinished()) {
        Timers.schedule(x::cancel, LINGER);
      }
      return;
    }
    if (x != null) {
      x.cancel();
    }
    if (failure instanceof CancellationException) {
      sendCancelNotice("cancelled by the client");
    }
  }

  private static void cancel(ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }

  private Duration remaining() {
    return Duration.ofNanos(deadline - System.nanoTime());
  }
}
