package dev.mcpbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path dir;

  private VerifyReport verify() throws Exception {
    return AuditVerifier.verify(dir, TestLogs.KEY.getPublic(), Optional.empty());
  }

  @Test
  void appendedEntries_chainAndVerify_withCheckpointEveryN() throws Exception {
    TestLogs.writeLog(dir, 35, TestLogs.options());
    List<String> lines = TestLogs.lines(TestLogs.segment(dir));
    assertThat(lines).hasSize(35);
    assertThat(lines.get(0)).contains("\"prev\":\"" + EntryCodec.ZERO_HASH + "\"", "\"seq\":0");
    assertThat(lines.get(1)).contains("\"prev\":\"" + TestLogs.sha256Hex(lines.get(0)) + "\"");
    assertThat(TestLogs.lines(dir.resolve(Segments.CHECKPOINTS)))
        .extracting(l -> Checkpoint.parse(l).treeSize()).containsExactly(10L, 20L, 30L, 35L);
    assertThat(verify()).isEqualTo(VerifyReport.ok(35, 4));
  }

  @Test
  void concurrentAppends_yieldGapFreeSeqs_andAVerifyingLog() throws Exception {
    int threads = 8;
    int perThread = 2000;
    List<Long> seqs = new ArrayList<>();
    try (AuditLog log = AuditLog.open(dir, AuditLog.Options.defaults(TestLogs.KEY))) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        results.add(pool.submit(() -> {
          List<CompletableFuture<Long>> fs = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            fs.add(log.append(TestLogs.event(base + i)));
          }
          return fs.stream().map(CompletableFuture::join).toList();
        }));
      }
      for (Future<List<Long>> r : results) {
        seqs.addAll(r.get());
      }
      pool.shutdown();
      assertThat(log.size()).isEqualTo(threads * perThread);
    }
    assertThat(new HashSet<>(seqs)).hasSize(threads * perThread);
    assertThat(seqs).allMatch(s -> s >= 0 && s < threads * perThread);
    VerifyReport report = verify();
    assertThat(report.ok()).as(report.problem()).isTrue();
    assertThat(report.entries()).isEqualTo(threads * perThread);
    assertThat(report.checkpointsChecked()).isPositive();
  }

  @Test
  void groupCommit_oneFsyncServesEveryAppendQueuedBehindIt() throws Exception {
    AtomicInteger segmentForces = new AtomicInteger();
    CountDownLatch allQueued = new CountDownLatch(1);
    // the first fsync of a segment waits until every append is queued: all of them queue behind it
    SegmentFile.Opener counting = file -> {
      boolean segment = !file.getFileName().toString().equals(Segments.CHECKPOINTS);
      return new ForwardingSegmentFile(SegmentFile.open(file)) {
        @Override
        public void force() throws IOException {
          if (segment) {
            segmentForces.incrementAndGet();
            try {
              allQueued.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          real.force();
        }
      };
    };
    int n = 5000;
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    try (AuditLog log = AuditLog.open(dir, TestLogs.options(), counting)) {
      for (int i = 0; i < n; i++) {
        futures.add(log.append(TestLogs.event(i)));
      }
      allQueued.countDown();
      futures.forEach(CompletableFuture::join);
      assertThat(log.size()).isEqualTo(n);
    }
    // the batch that was being forced, then one batch for everything queued behind it
    assertThat(segmentForces.get()).isBetween(1, 2);
    assertThat(verify().entries()).isEqualTo(n);
  }

  @Test
  void tornLastLine_isTruncatedOnOpen_andTheChainContinues() throws Exception {
    TestLogs.writeLog(dir, 20, TestLogs.options());
    Path seg = TestLogs.segment(dir);
    long intact = Files.size(seg);
    Files.writeString(seg, "{\"policy_version\":\"v1\",\"prev\":\"ab", StandardOpenOption.APPEND);
    try (AuditLog log = AuditLog.open(dir, TestLogs.options())) {
      assertThat(Files.size(seg)).isEqualTo(intact);
      assertThat(log.size()).isEqualTo(20);
      assertThat(log.append(TestLogs.event(20)).join()).isEqualTo(20L);
    }
    assertThat(verify()).isEqualTo(VerifyReport.ok(21, 3));
  }

  @Test
  void logTruncatedBelowItsLastCheckpoint_isRefusedOnOpen() throws Exception {
    TestLogs.writeLog(dir, 20, TestLogs.options());
    List<String> lines = TestLogs.lines(TestLogs.segment(dir));
    TestLogs.write(TestLogs.segment(dir), lines.subList(0, 15));
    assertThatThrownBy(() -> AuditLog.open(dir, TestLogs.options()))
        .hasMessageContaining("only 15 are present");
  }

  @Test
  void rotation_bySizeAndTime_continuesChainAndTreeAcrossFiles() throws Exception {
    TestLogs.MutableClock clock = new TestLogs.MutableClock();
    AuditLog.Options opts = TestLogs.options().withRotation(2000, Duration.ofHours(24))
        .withClock(clock);
    try (AuditLog log = AuditLog.open(dir, opts)) {
      for (int i = 0; i < 30; i++) {
        log.append(TestLogs.event(i)).join();
      }
    }
    int bySize = Segments.list(dir).size();
    assertThat(bySize).isGreaterThan(3);
    try (AuditLog log = AuditLog.open(dir, opts.withRotation(1L << 30, Duration.ofHours(24)))) {
      log.append(TestLogs.event(30)).join();
      clock.advance(Duration.ofHours(25));
      log.append(TestLogs.event(31)).join();
    }
    assertThat(Segments.list(dir)).hasSize(bySize + 1);
    assertThat(TestLogs.lines(Segments.path(dir, bySize + 1))).singleElement()
        .asString().contains("\"seq\":31");
    assertThat(verify().ok()).isTrue();
    assertThat(verify().entries()).isEqualTo(32);
  }

  @Test
  void rootAndConsistencyProof_fromTheLiveLog_matchItsCheckpoints() throws Exception {
    try (AuditLog log = AuditLog.open(dir, TestLogs.options())) {
      for (int i = 0; i < 25; i++) {
        log.append(TestLogs.event(i)).join();
      }
      Checkpoint at20 = log.lastCheckpoint().orElseThrow();
      Checkpoint now = log.checkpoint().join();
      assertThat(at20.treeSize()).isEqualTo(20);
      assertThat(now.treeSize()).isEqualTo(25);
      assertThat(log.root(20)).isEqualTo(at20.rootBytes());
      assertThat(MerkleTree.verifyConsistency(20, 25, at20.rootBytes(), now.rootBytes(),
          log.consistencyProof(20, 25))).isTrue();
    }
  }

  @Test
  void quietLog_writesATimeBasedCheckpoint() throws Exception {
    AuditLog.Options opts = TestLogs.options().withCheckpoints(1000, Duration.ofMillis(200));
    try (AuditLog log = AuditLog.open(dir, opts)) {
      log.append(TestLogs.event(0)).join();
      log.append(TestLogs.event(1)).join();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (log.lastCheckpoint().map(Checkpoint::treeSize).orElse(0L) < 2
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      // far below checkpointEvery: only the interval can have written it
      assertThat(log.lastCheckpoint()).get().extracting(Checkpoint::treeSize).isEqualTo(2L);
    }
  }

  @Test
  void appendAfterClose_failsInsteadOfHanging() throws Exception {
    AuditLog log = AuditLog.open(dir, TestLogs.options());
    log.close();
    assertThat(log.append(TestLogs.event(0))).isCompletedExceptionally();
    assertThat(new String(Files.readAllBytes(TestLogs.segment(dir)), StandardCharsets.UTF_8))
        .isEmpty();
  }
}
