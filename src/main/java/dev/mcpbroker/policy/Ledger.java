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
  private final AtomicLong ids = new AtomicLong();
  private final Cache<String, Window> windows = Caffeine.newBuilder()
      .executor(Caches.SAME_THREAD)
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
      Caffeine.newBuilder().executor(Caches.SAME_THREAD).expireAfterAccess(1, TimeUnit.DAYS).maximumSize(1_000_000)
          .build();

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
    return charge(charges, now, commit, 0);
  }

  /** As above; the entries are recorded under {@code id} (from {@link #nextId()}) for {@link #release}. */
  Verdict.Charge charge(List<Verdict.Charge> charges, Instant now, BooleanSupplier commit, long id) {
    synchronized (lock) {
      Verdict.Charge over = check(charges, now);
      if (over != null || !commit.getAsBoolean()) {
        return over;
      }
      for (Verdict.Charge c : charges) {
        windows.asMap().computeIfAbsent(c.key(), k -> new Window(c.window())).add(now, c.amount(), id);
      }
      return null;
    }
  }

  /** A new id for the entries of one call's charges. */
  long nextId() {
    return ids.incrementAndGet();
  }

  /** Removes the entry recorded under {@code id} from window {@code key}, if it is still there. */
  void release(String key, long id) {
    synchronized (lock) {
      Window w = windows.getIfPresent(key);
      if (w != null) {
        w.remove(id);
      }
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
    private final ArrayDeque<Long> ids = new ArrayDeque<>();
    private BigDecimal total = BigDecimal.ZERO;

    Window(Duration length) {
      this.length = length;
    }

    BigDecimal used(Instant now) {
      Instant from = now.minus(length);
      while (!times.isEmpty() && !times.peekFirst().isAfter(from)) {
        times.removeFirst();
        ids.removeFirst();
        total = total.subtract(amounts.removeFirst());
      }
      return total;
    }

    void remove(long id) {
      var t = times.iterator();
      var a = amounts.iterator();
      var i = ids.iterator();
      while (i.hasNext()) {
        t.next();
        BigDecimal value = a.next();
        if (i.next() == id) {
          t.remove();
          a.remove();
          i.remove();
          total = total.subtract(value);
          return;
        }
      }
    }

    void add(Instant now, BigDecimal amount, long id) {
      ids.addLast(id);
      times.addLast(now);
      amounts.addLast(amount);
      total = total.add(amount);
    }
  }
}
