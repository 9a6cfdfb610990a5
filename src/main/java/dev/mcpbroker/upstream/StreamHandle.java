package dev.mcpbroker.upstream;

import java.util.concurrent.Flow;

/**
 * Lets the owner of an HTTP exchange stop its response body, even before the body has started:
 * a cancel that comes first is applied as soon as the subscription arrives.
 */
final class StreamHandle {
  private Flow.Subscription subscription;
  private boolean cancelled;
  private boolean finished;

  synchronized void attach(Flow.Subscription s) {
    if (cancelled) {
      s.cancel();
    } else {
      subscription = s;
    }
  }

  /** Closes the stream; with HTTP/1.1 this closes its connection. */
  synchronized void cancel() {
    cancelled = true;
    if (subscription != null && !finished) {
      subscription.cancel();
    }
  }

  synchronized void finished() {
    finished = true;
  }

  synchronized boolean isFinished() {
    return finished;
  }
}
