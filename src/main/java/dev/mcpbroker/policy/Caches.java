package dev.mcpbroker.policy;

import java.util.concurrent.Executor;

/** Settings shared by the policy engine's Caffeine caches. */
final class Caches {
  /**
   * Runs a cache's maintenance (draining its read buffer, expiring entries) on the thread that
   * triggered it. Caffeine hands it to {@code ForkJoinPool.commonPool()} by default, which wakes a
   * pool thread every few reads: on the decision path that wake-up (a futex signal) cost about a
   * tenth of a refund decision, more than the maintenance itself. No cache here has a removal
   * listener or lets Caffeine run its loads, so nothing else runs on this executor.
   */
  static final Executor SAME_THREAD = Runnable::run;

  private Caches() {}
}
