package dev.mcpbroker.policy;

import dev.cel.runtime.CelEvaluationException;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * Keeps one session's calls, oldest first, bounded to the newest {@code max}, and hands out
 * immutable {@link SessionView}s of them in O(1), however long the session.
 *
 * <p>Design note: calls go into an array that is only ever written past its last used slot, so a
 * view is just (array, from, to) and stays unchanged while the session goes on. When the array is
 * full, the newest {@code max - 1} calls are copied into a fresh array (a quarter above the bound;
 * short sessions start small and double), so an append is amortized O(1) and no slot a view can see is
 * ever rewritten. The session lists of one policy snapshot are kept alongside in the same way: per
 * list an append-only array of values and, per call slot, how many values the calls up to it
 * added, so the lists of any view are two array reads. They are caught up on demand (each call is
 * evaluated once per snapshot) and rebuilt once when the snapshot or the array changes.
 */
public final class SessionLog {
  private static final int INITIAL_CAPACITY = 8;

  private final int max;
  private final Object lock = new Object();
  private SessionView.Call[] calls; // guarded by lock; slots [0, size) are never written again
  private int size; // guarded by lock
  private Lists lists; // guarded by lock

  /** A log that remembers at most {@code max} calls, forgetting the oldest first. */
  public SessionLog(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max: " + max + " (expected: at least 1)");
    }
    this.max = max;
    this.calls = new SessionView.Call[Math.min(INITIAL_CAPACITY, max + Math.max(1, max / 4))];
  }

  /** A log holding exactly {@code calls}, for views built from a list. */
  static SessionLog of(List<SessionView.Call> calls) {
    SessionLog log = new SessionLog(Math.max(1, calls.size()));
    log.calls = calls.toArray(new SessionView.Call[0]);
    for (SessionView.Call c : log.calls) {
      Objects.requireNonNull(c, "call");
    }
    log.size = log.calls.length;
    return log;
  }

  /** Adds a call; the oldest is forgotten once there are more than the bound. */
  public void append(SessionView.Call call) {
    Objects.requireNonNull(call, "call");
    synchronized (lock) {
      if (size == calls.length) {
        int keep = Math.min(size, max - 1);
        SessionView.Call[] next = new SessionView.Call[Math.max(keep + 1, Math.min(2 * calls.length, ceiling()))];
        System.arraycopy(calls, size - keep, next, 0, keep);
        calls = next;
        size = keep;
      }
      calls[size++] = call;
    }
  }

  /**
   * The largest array: a quarter above the bound, so a long session keeps at most a quarter of
   * its bound in forgotten calls (not twice its bound), while the copy of the newest {@code max -
   * 1} still happens only once per {@code max / 4} appends: about four element copies per call.
   */
  private int ceiling() {
    return max + Math.max(1, max / 4);
  }

  /** The calls so far (at most the bound), as an immutable view. */
  public SessionView view() {
    synchronized (lock) {
      return new SessionView(this, calls, Math.max(0, size - max), size);
    }
  }

  /**
   * The session lists of {@code s} over the calls {@code [from, to)} of {@code array}, or null when
   * that array is no longer the log's (the view is older than the last copy; the caller walks it).
   */
  Map<String, List<Object>> lists(PolicySnapshot s, SessionView.Call[] array, int from, int to)
      throws CelEvaluationException {
    synchronized (lock) {
      if (array != calls) {
        return null;
      }
      Lists l = lists;
      if (l == null || l.snapshot != s || l.calls != calls) {
        l = lists = new Lists(s, calls);
      }
      l.catchUp(to);
      return l.view(from, to);
    }
  }

  /** The session lists of one snapshot over the slots of one call array; guarded by the log's lock. */
  private static final class Lists {
    final PolicySnapshot snapshot;
    final SessionView.Call[] calls;
    final List<PolicySnapshot.CompiledSessionList> specs;
    final Object[][] values;
    final int[] counts;
    final int[][] ends;
    int done;

    Lists(PolicySnapshot snapshot, SessionView.Call[] calls) {
      this.snapshot = snapshot;
      this.calls = calls;
      this.specs = snapshot.sessionListOrder();
      this.values = new Object[specs.size()][calls.length];
      this.counts = new int[specs.size()];
      this.ends = new int[specs.size()][calls.length];
    }

    void catchUp(int to) throws CelEvaluationException {
      for (; done < to; done++) {
        SessionView.Call c = calls[done];
        Object[] added = c.decision() == Effect.ALLOW ? CallVars.listValues(snapshot, c) : null;
        for (int j = 0; j < specs.size(); j++) {
          if (added != null && added[j] != null) {
            values[j][counts[j]++] = added[j];
          }
          ends[j][done] = counts[j];
        }
      }
    }

    Map<String, List<Object>> view(int from, int to) {
      Map<String, List<Object>> out = new LinkedHashMap<>();
      for (int j = 0; j < specs.size(); j++) {
        int start = from == 0 ? 0 : ends[j][from - 1];
        int end = to == 0 ? 0 : ends[j][to - 1];
        out.put(specs.get(j).spec().name(), new Slice<>(values[j], start, end, Function.identity()));
      }
      return out;
    }
  }

  /** An immutable window of an array no one writes inside it, its elements mapped on read. */
  static final class Slice<T, R> extends AbstractList<R> implements RandomAccess {
    private final T[] array;
    private final int from;
    private final int size;
    private final Function<? super T, ? extends R> map;

    Slice(T[] array, int from, int to, Function<? super T, ? extends R> map) {
      this.array = array;
      this.from = from;
      this.size = to - from;
      this.map = map;
    }

    @Override
    public R get(int index) {
      Objects.checkIndex(index, size);
      return map.apply(array[from + index]);
    }

    @Override
    public int size() {
      return size;
    }
  }
}
