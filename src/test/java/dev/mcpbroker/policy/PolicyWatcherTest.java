package dev.mcpbroker.policy;

import static dev.mcpbroker.policy.Fixtures.lookedUp;
import static dev.mcpbroker.policy.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload: valid files swap in atomically, broken ones never take effect. */
class PolicyWatcherTest {
  static final String BROKEN = Fixtures.POLICY.replace("effect: forbid", "effect: deny");
  /** The sample with one extra (harmless) rule: a different, equally valid version. */
  static final String VARIANT = Fixtures.POLICY.replace("rules:\n",
      "rules:\n  - {id: extra-lookup, tools: [get_order], effect: permit}\n");

  @TempDir Path dir;
  final List<PolicyWatcher.Outcome> outcomes = new CopyOnWriteArrayList<>();

  PolicyEngine engineOn(String policy) throws Exception {
    write(policy);
    return new PolicyEngine(PolicySnapshot.load(dir.resolve("policies.yaml"), Fixtures.CATALOG),
        Fixtures.orders(Map.of("ord_0042", order("customer-42", "166.00", "EUR"))),
        Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
  }

  void write(String policy) throws Exception {
    Path tmp = dir.resolve("policies.yaml.tmp");
    Files.writeString(tmp, policy, StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve("policies.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void brokenFile_isRejectedWithItsLine_andThePreviousSnapshotStays() throws Exception {
    PolicyEngine engine = engineOn(Fixtures.POLICY);
    String before = engine.snapshot().version();
    PolicyWatcher w = new PolicyWatcher(dir, () -> Fixtures.CATALOG, engine, Duration.ofMillis(50), outcomes::add);

    write(BROKEN);
    PolicyWatcher.Outcome o = w.reloadNow();

    assertThat(o.ok()).isFalse();
    assertThat(o.message()).startsWith("policies.yaml:").contains("\"deny\" (expected: permit or forbid)");
    assertThat(engine.snapshot().version()).isEqualTo(before);
    assertThat(w.rejected()).isEqualTo(1);
    assertThat(outcomes).containsExactly(o);
  }

  @Test
  void validFile_isSwappedIn_andAnUnchangedOneIsNot() throws Exception {
    PolicyEngine engine = engineOn(Fixtures.POLICY);
    PolicyWatcher w = new PolicyWatcher(dir, () -> Fixtures.CATALOG, engine, Duration.ofMillis(50), null);

    PolicyWatcher.Outcome same = w.reloadNow();
    write(VARIANT);
    PolicyWatcher.Outcome next = w.reloadNow();

    assertThat(same.changed()).isFalse();
    assertThat(next.ok()).isTrue();
    assertThat(next.changed()).isTrue();
    assertThat(engine.snapshot().version()).isEqualTo(next.version()).isNotEqualTo(same.version());
    assertThat(w.accepted()).isEqualTo(1);
  }

  @Test
  void fileWatch_reloadsAfterAnEdit() throws Exception {
    PolicyEngine engine = engineOn(Fixtures.POLICY);
    String before = engine.snapshot().version();
    try (PolicyWatcher w = new PolicyWatcher(dir, () -> Fixtures.CATALOG, engine, Duration.ofMillis(50), outcomes::add)) {
      w.start();
      write(VARIANT);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (w.accepted() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    assertThat(engine.snapshot().version()).isNotEqualTo(before);
  }

  @Test
  void kubernetesConfigMapUpdate_symlinkSwap_isPickedUp() throws Exception {
    // a mounted ConfigMap: policies.yaml -> ..data/policies.yaml, ..data -> ..<timestamp>/; an
    // update writes a new timestamped directory and renames a new ..data link over the old one,
    // so no event ever names policies.yaml itself
    Path first = Files.createDirectory(dir.resolve("..2026_11_22_10_00_00.1"));
    Files.writeString(first.resolve("policies.yaml"), Fixtures.POLICY, StandardCharsets.UTF_8);
    Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
    Files.createSymbolicLink(dir.resolve("policies.yaml"), Path.of("..data", "policies.yaml"));
    PolicyEngine engine = new PolicyEngine(PolicySnapshot.load(dir.resolve("policies.yaml"), Fixtures.CATALOG),
        Fixtures.orders(Map.of("ord_0042", order("customer-42", "166.00", "EUR"))),
        Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
    String before = engine.snapshot().version();
    try (PolicyWatcher w = new PolicyWatcher(dir, () -> Fixtures.CATALOG, engine, Duration.ofMillis(50), outcomes::add)) {
      w.start();
      Path second = Files.createDirectory(dir.resolve("..2026_11_22_10_05_00.2"));
      Files.writeString(second.resolve("policies.yaml"), VARIANT, StandardCharsets.UTF_8);
      Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
      Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (w.accepted() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    assertThat(engine.snapshot().version()).isNotEqualTo(before);
  }

  @Test
  void hundredReloads_whileDecisionsRun_neverFailADecision() throws Exception {
    PolicyEngine engine = engineOn(Fixtures.POLICY);
    Set<String> good = ConcurrentHashMap.newKeySet();
    good.add(engine.snapshot().version());
    PolicyWatcher w = new PolicyWatcher(dir, () -> Fixtures.CATALOG, engine, Duration.ofMillis(50), null);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong decisions = new AtomicLong();
    List<String> failures = new CopyOnWriteArrayList<>();
    Set<String> seenVersions = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      int n = t;
      Thread th = new Thread(() -> {
        while (!stop.get()) {
          // a fresh session per call keeps the session call cap out of the picture
          String session = "sess-" + n + "-" + decisions.get();
          CallInput in = Fixtures.refund(PrincipalView.of("refund-agent", "customer-7", session), "ord_0042", "10.00",
              lookedUp("ord_0042"));
          CallInput own = new CallInput(PrincipalView.of("lookup-agent", "customer-42", session), "list_orders",
              Fixtures.json("{'customer_id':'customer-42'}"), SessionView.EMPTY, Fixtures.NOW);
          try {
            Decision a = engine.decide(n == 0 ? in : own).join();
            seenVersions.add(a.policyVersion());
            boolean expected = n == 0 ? a.reason().equals("refund_not_allowed") : a.allowed();
            if (!expected) {
              failures.add(a.toString());
            }
            decisions.incrementAndGet();
          } catch (RuntimeException e) {
            failures.add(e.toString());
          }
        }
      });
      th.start();
      threads.add(th);
    }
    int rejected = 0;
    for (int i = 0; i < 100; i++) {
      boolean broken = i % 10 == 9;
      String text = broken ? BROKEN : (i % 2 == 0 ? VARIANT : Fixtures.POLICY);
      write(text);
      PolicyWatcher.Outcome o = w.reloadNow();
      if (broken) {
        rejected++;
        assertThat(o.ok()).isFalse();
      } else {
        good.add(o.version());
      }
    }
    stop.set(true);
    for (Thread th : threads) {
      th.join();
    }

    assertThat(failures).isEmpty();
    assertThat(decisions.get()).isPositive();
    assertThat(w.rejected()).isEqualTo(rejected);
    assertThat(good).containsAll(seenVersions);
  }
}
