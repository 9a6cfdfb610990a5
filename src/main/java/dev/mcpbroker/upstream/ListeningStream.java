package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the GET listening stream of a session open (MCP basic/transports, "Listening for Messages
 * from the Server"). After a drop it reconnects with {@code Last-Event-ID} after the server's
 * {@code retry} delay, backing off while connections keep failing, until stopped.
 */
final class ListeningStream implements Inbound {
  private static final Logger log = LoggerFactory.getLogger(ListeningStream.class);
  private static final long DEFAULT_RETRY_MILLIS = 1000;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final UpstreamSession session;
  private final UpstreamListener listener;
  private volatile boolean stopped;
  private volatile String lastEventId;
  private volatile long retryMillis = DEFAULT_RETRY_MILLIS;
  private volatile int failures;
  private volatile UpstreamHttp.Exchange exchange;
  private volatile ScheduledFuture<?> next;

  ListeningStream(UpstreamSession session, UpstreamListener listener) {
    this.session = session;
    this.listener = listener;
  }

  void start() {
    connect();
  }

  void stop() {
    stopped = true;
    ScheduledFuture<?> n = next;
    if (n != null) {
      n.cancel(false);
    }
    UpstreamHttp.Exchange x = exchange;
    if (x != null) {
      x.cancel();
    }
  }

  private void connect() {
    if (stopped) {
      return;
    }
    Handshake h = session.handshake();
    UpstreamHttp.Head[] seen = new UpstreamHttp.Head[1];
    try {
      UpstreamHttp.Exchange x = session.http().send(Wire.get(session.spec(), h, lastEventId, null),
          Bodies.handler(session.name(), session.maxMessageBytes(), this, info -> seen[0] = info));
      exchange = x;
      x.done().whenComplete((status, err) -> ended(h, seen[0], err));
    } catch (RuntimeException e) {
      log.warn("upstream '{}': cannot open the listening stream", session.name(), e);
    }
  }

  private void ended(Handshake h, UpstreamHttp.Head resp, Throwable err) {
    if (stopped || session.isClosed()) {
      return;
    }
    if (err != null) {
      failures++;
      log.debug("upstream '{}' listening stream dropped: {}", session.name(), err.toString());
      reconnectLater();
      return;
    }
    int status = resp.status();
    if (status == 405) {
      // basic/transports: the server MUST answer 405 if it offers no stream at this endpoint.
      log.debug("upstream '{}' offers no listening stream", session.name());
    } else if (status == 404 && h.sessionId() != null) {
      lastEventId = null; // event ids belong to the old session
      session.reinit(h).whenComplete((fresh, e) -> {
        if (e == null) {
          connect();
        } else {
          failures++;
          reconnectLater();
        }
      });
    } else if (status >= 500) {
      failures++;
      reconnectLater();
    } else if (status >= 300) {
      log.warn("upstream '{}' refused the listening stream with HTTP {}", session.name(), status);
    } else {
      reconnectLater();
    }
  }

  private void reconnectLater() {
    long delay = Math.min(MAX_BACKOFF_MILLIS, retryMillis << Math.min(failures, 5));
    next = Timers.schedule(this::connect, Duration.ofMillis(delay));
  }

  @Override
  public void onMessage(ObjectNode message) {
    failures = 0;
    if (Wire.isResponse(message)) {
      session.route(message);
    } else {
      listener.onMessage(message);
    }
  }

  @Override
  public void onEventId(String id) {
    lastEventId = id;
  }

  @Override
  public void onRetry(long millis) {
    retryMillis = millis;
  }
}
