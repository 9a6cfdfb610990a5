package dev.mcpbroker.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Keeps the sliding windows of rate limits and budgets and the per-session call counts, in memory.
 *
 * <p>Design note: a call's charges are checked and committed together under one lock, so that a
 * call refused by its budget is not counted by its rate limit, and two concurrent calls cannot both
 * take the last unit of a window. Each window keeps its entries (time, amount) exactly, so the
 * limit holds at the boundary; an idle window expires from the cache one window-length after its
 * last use, which keeps memory bounded by the active keys.
 */
final class Ledger {
  private final Object lock = new Object();
  private final Cache<String, Window> windows = Caffeine.newBuilder()
      .expireAfter(new Expiry<String, Window>() {
        @Override
        public long expireAfterCreate(String k, Window w, long now) {
          return w.length.toNanos();
        }

        @Override
        public long expireAfterUpdate(String k, Window w, long now, long current) {
          return w.length.toNanos();
        }

        @Override
        public long expireAfterRead(String k, Window w, long now, long current) {
          return w.length.toNanos();
        }
      })
      .build();
  private final Cache<String, AtomicLong> sessionCalls =
      Caffeine.newBuilder().expireAfterAccess(1, TimeUnit.DAYS).maximumSize(1_000_000).build();

  /** The window that would be exceeded by {@code charges}, or {@code null} when all fit. */
  Verdict.Charge check(List<Verdict.Charge> charges, Instant now) {
    synchronized (lock) {
      for (Verdict.Charge c : charges) {
        Window w = windows.getIfPresent(c.key());
        BigDecimal used = w == null ? BigDecimal.ZERO : w.used(now);
        if (used.add(c.amount()).compareTo(c.max()) > 0) {
          return c;
        }
      }
      return null;
    }
  }

  /**
   * Checks {@code charges}; when all fit and {@code commit} (run under the lock, after the check)
   * agrees, records them. Returns the charge that does not fit, or {@code null}.
   */
  Verdict.Charge charge(List<Verdict.Charge> charges, Instant now, BooleanSupplier commit) {
    synchronized (lock) {
      Verdict.Charge over = check(charges, now);
      if (over != null || !commit.getAsBoolean()) {
        return over;
      }
      for (Verdict.Charge c : charges) {
        windows.asMap().computeIfAbsent(c.key(), k -> new Window(c.window())).add(now, c.amount());
      }
      return null;
    }
  }

  /** Counts one more call of {@code session} and returns the count so far. */
  long countSessionCall(String session) {
    return sessionCalls.get(session, k -> new AtomicLong()).incrementAndGet();
  }

  /** One sliding window; guarded by the ledger's lock. */
  private static final class Window {
    final Duration length;
    private final ArrayDeque<Instant> times = new ArrayDeque<>();
    private final ArrayDeque<BigDecimal> amounts = new ArrayDeque<>();
    private BigDecimal total = BigDecimal.ZERO;

    Window(Duration length) {
      this.length = length;
    }

    BigDecimal used(Instant now) {
      Instant from = now.minus(length);
      while (!times.isEmpty() && !times.peekFirst().isAfter(from)) {
        times.removeFirst();
        total = total.subtract(amounts.removeFirst());
      }
      return total;
    }

    void add(Instant now, BigDecimal amount) {
      times.addLast(now);
      amounts.addLast(amount);
      total = total.add(amount);
    }
  }
}
