package dev.mcpbroker.policy;

import static dev.mcpbroker.policy.Fixtures.NOW;
import static dev.mcpbroker.policy.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The session log hands out views in O(1) and keeps the session lists incrementally; these tests
 * hold it to what copying the history and walking it call by call gave: same calls, same lists,
 * the oldest forgotten first, views that never change, and lists that follow a policy reload.
 */
class SessionLogTest {
  private static final PrincipalView ALICE = PrincipalView.of("refund-agent", "customer-42", "sess-1");
  /** The fixture policy with a second list, so that lists of different tools interleave. */
  private static final String TWO_LISTS = Fixtures.POLICY.replace(
      "  looked_up_orders: {tool: get_order, value: \"call.args.order_id\"}",
      "  looked_up_orders: {tool: get_order, value: \"call.args.order_id\"}\n"
          + "  listed_customers: {tool: list_orders, value: \"call.args.customer_id\"}");

  /** Call {@code i} of a test session: mostly look-ups, some listings, some denied look-ups. */
  private static SessionView.Call call(int i) {
    return switch (i % 5) {
      case 3 -> new SessionView.Call("list_orders", json("{'customer_id':'c" + i + "'}"), Effect.ALLOW, null);
      case 4 -> new SessionView.Call("get_order", json("{'order_id':'denied_" + i + "'}"), Effect.DENY, null);
      default -> new SessionView.Call("get_order", json("{'order_id':'ord_" + i + "'}"), Effect.ALLOW, null);
    };
  }

  /** What the rules saw before the log: every call converted, the lists derived call by call. */
  private static Map<String, Object> expectedSession(PolicySnapshot s, List<SessionView.Call> calls) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", ALICE.sessionId());
    List<Object> cel = new ArrayList<>();
    Map<String, List<Object>> lists = new LinkedHashMap<>();
    s.sessionLists().keySet().forEach(k -> lists.put(k, new ArrayList<>()));
    for (SessionView.Call c : calls) {
      cel.add(c.cel());
      for (PolicySnapshot.CompiledSessionList l : s.sessionLists().values()) {
        if (c.decision() == Effect.ALLOW && l.spec().tool().equals(c.tool())) {
          lists.get(l.spec().name()).add(l.value().eval(Map.of("call", c.cel()), CallVars.functions(s, ALICE)));
        }
      }
    }
    out.put("calls", cel);
    out.putAll(lists);
    return out;
  }

  private static Map<String, Object> session(PolicySnapshot s, SessionView view) throws Exception {
    return CallVars.session(s, new CallInput(ALICE, "issue_refund", json("{}"), view, NOW));
  }

  @Test
  void bound_forgetsTheOldestFirst_atEveryLength() {
    for (int max : new int[] {1, 2, 3, 7, 1_000}) {
      SessionLog log = new SessionLog(max);
      Deque<SessionView.Call> reference = new ArrayDeque<>();
      for (int i = 0; i < 3 * max + 20; i++) {
        SessionView.Call c = call(i);
        log.append(c);
        reference.addLast(c);
        if (reference.size() > max) {
          reference.removeFirst();
        }
        assertThat(log.view().calls()).as("max %d after %d calls", max, i + 1).containsExactlyElementsOf(reference);
      }
    }
  }

  @Test
  void longHistory_sessionCallsAndLists_areWhatTheCallByCallWalkGave() throws Exception {
    PolicySnapshot s = Fixtures.snapshot(TWO_LISTS);
    SessionLog log = new SessionLog(1_000);
    List<SessionView.Call> all = new ArrayList<>();
    for (int i = 0; i < 4_321; i++) {
      all.add(call(i));
      log.append(all.get(i));
      if (i % 97 == 0 || i >= 4_300) {
        List<SessionView.Call> window = all.subList(Math.max(0, all.size() - 1_000), all.size());
        Map<String, Object> got = session(s, log.view());
        assertThat(got).as("after %d calls", i + 1).isEqualTo(expectedSession(s, window));
      }
    }
    Map<String, Object> last = session(s, log.view());
    assertThat((List<?>) last.get("calls")).hasSize(1_000);
    assertThat((List<?>) last.get("looked_up_orders")).hasSize(600).first().isEqualTo("ord_3321");
    assertThat((List<?>) last.get("listed_customers")).hasSize(200).last().isEqualTo("c4318");
  }

  @Test
  void viewTakenBeforeTheLogMovedOn_stillReadsItsOwnCalls() throws Exception {
    PolicySnapshot s = Fixtures.snapshot(TWO_LISTS);
    SessionLog log = new SessionLog(10);
    List<SessionView.Call> all = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      all.add(call(i));
      log.append(all.get(i));
    }
    SessionView old = log.view();
    List<SessionView.Call> before = List.copyOf(old.calls());
    for (int i = 25; i < 80; i++) { // several times past the array's end: the log copies to new arrays
      all.add(call(i));
      log.append(all.get(i));
      session(s, log.view());
    }
    assertThat(old.calls()).containsExactlyElementsOf(before).containsExactlyElementsOf(all.subList(15, 25));
    assertThat(session(s, old)).isEqualTo(expectedSession(s, all.subList(15, 25)));
  }

  @Test
  void reload_recomputesTheLists_ofTheSameLog() throws Exception {
    PolicySnapshot one = Fixtures.snapshot(TWO_LISTS);
    PolicySnapshot two = Fixtures.snapshot(TWO_LISTS.replace("value: \"call.args.order_id\"",
        "value: \"'seen:' + call.args.order_id\""));
    SessionLog log = new SessionLog(1_000);
    for (int i = 0; i < 1_500; i++) {
      log.append(call(i));
    }
    SessionView view = log.view();
    assertThat((List<?>) session(one, view).get("looked_up_orders")).first().isEqualTo("ord_500");
    assertThat((List<?>) session(two, view).get("looked_up_orders")).first().isEqualTo("seen:ord_500");
    log.append(call(1_500));
    assertThat((List<?>) session(two, log.view()).get("looked_up_orders")).first().isEqualTo("seen:ord_501");
    assertThat((List<?>) session(two, log.view()).get("looked_up_orders")).last().isEqualTo("seen:ord_1500");
    // and back: the old snapshot's lists again, not the reloaded ones
    assertThat(session(one, view)).isEqualTo(expectedSession(one, view.calls()));
  }

  @Test
  void views_stayUnchanged_whileTheSessionAppendsConcurrently() throws Exception {
    PolicySnapshot s = Fixtures.snapshot(TWO_LISTS);
    SessionLog log = new SessionLog(100);
    List<SessionView.Call> calls = new ArrayList<>();
    Map<SessionView.Call, Integer> index = new java.util.IdentityHashMap<>();
    for (int i = 0; i < 20_000; i++) {
      calls.add(call(i));
      index.put(calls.get(i), i);
    }
    record Seen(SessionView view, List<SessionView.Call> calls, Map<String, Object> session) {}
    ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          start.await();
          for (int n = 0; !done.get(); n++) {
            SessionView v = log.view();
            Map<String, Object> session = Map.copyOf(session(s, v));
            if (n % 8 == 0 && seen.size() < 2_000) {
              seen.add(new Seen(v, List.copyOf(v.calls()), session));
            }
          }
          return null;
        }));
      }
      Future<?> writer = pool.submit(() -> {
        start.await();
        for (int i = 0; i < calls.size(); i++) {
          log.append(calls.get(i));
          if (i % 1_000 == 999) {
            // let the readers take views while the session grows: on a busy two-core machine the
            // writer could otherwise finish before they are scheduled at all
            int want = Math.min(2_000, (i / 1_000 + 1) * 2);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (seen.size() < want && System.nanoTime() < until) {
              Thread.sleep(1);
            }
          }
        }
        done.set(true);
        return null;
      });
      start.countDown();
      writer.get(60, TimeUnit.SECONDS);
      for (Future<?> f : readers) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSizeGreaterThan(10);
    for (Seen x : seen) {
      // what the view held when taken: a run of consecutive calls of the session, at most the bound
      assertThat(x.calls()).hasSizeLessThanOrEqualTo(100);
      if (!x.calls().isEmpty()) {
        int first = index.get(x.calls().get(0));
        assertThat(x.calls()).containsExactlyElementsOf(calls.subList(first, first + x.calls().size()));
      }
      // and still holds after the session went on, with the session variable it gave then
      assertThat(x.view().calls()).containsExactlyElementsOf(x.calls());
      assertThat(x.session()).isEqualTo(expectedSession(s, x.calls()));
      assertThat(session(s, x.view())).isEqualTo(x.session());
    }
  }
}
