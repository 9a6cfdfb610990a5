package dev.mcpbroker.upstream;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Schedules deadlines and reconnect delays on one daemon thread. Tasks only start asynchronous
 * work, so one thread is enough; cancelled deadlines are removed at once so that finished calls
 * do not pile up in the queue until their deadline would have passed.
 */
final class Timers {
  private Timers() {}

  private static final ScheduledThreadPoolExecutor EXECUTOR = create();

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "mcp-upstream-timer");
              t.setDaemon(true);
              return t;
            });
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

  static ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return EXECUTOR.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }
}
