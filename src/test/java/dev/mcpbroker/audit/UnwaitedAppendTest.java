package dev.mcpbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends nobody waits for: written at once, forced only with the next waited-for append (or
 * after a bound, at a checkpoint, at close), and their futures complete only once forced.
 */
class UnwaitedAppendTest {
  private static final long HOUR = TimeUnit.HOURS.toNanos(1);
  @TempDir Path dir;
  private final AtomicInteger forces = new AtomicInteger();
  private final AtomicBoolean broken = new AtomicBoolean();

  private final SegmentFile.Opener counting = file -> {
    boolean segment = !file.getFileName().toString().equals(Segments.CHECKPOINTS);
    return new ForwardingSegmentFile(SegmentFile.open(file)) {
      @Override
      public void force() throws IOException {
        if (segment && broken.get()) {
          throw new IOException("Input/output error");
        }
        real.force();
        if (segment) {
          forces.incrementAndGet();
        }
      }
    };
  };

  @Test
  void unwaitedAppends_areWrittenAtOnce_butForcedOnlyWithTheNextWaitedOne() throws Exception {
    List<CompletableFuture<Long>> unwaited = new ArrayList<>();
    try (AuditLog log = AuditLog.open(dir, TestLogs.options(), counting)) {
      log.unwaitedSyncNanos = HOUR;
      for (int i = 0; i < 10; i++) {
        unwaited.add(log.appendUnwaited(TestLogs.event(i)));
      }
      awaitLines(10); // on the file: a crash of the process would not lose them
      assertThat(forces.get()).isZero();
      assertThat(unwaited).noneMatch(CompletableFuture::isDone);
      assertThat(log.size()).isZero();

      assertThat(log.append(TestLogs.event(10)).get(30, TimeUnit.SECONDS)).isEqualTo(10L);
      assertThat(forces.get()).isEqualTo(1);
      for (int i = 0; i < 10; i++) {
        assertThat(unwaited.get(i).getNow(-1L)).isEqualTo(i);
      }
    }
    assertThat(AuditVerifier.verify(dir, TestLogs.KEY.getPublic(), Optional.empty()).entries())
        .isEqualTo(11);
  }

  @Test
  void aLoneUnwaitedAppend_isForcedWithinTheBound() throws Exception {
    try (AuditLog log = AuditLog.open(dir, TestLogs.options(), counting)) {
      assertThat(log.appendUnwaited(TestLogs.event(0)).get(30, TimeUnit.SECONDS)).isZero();
      assertThat(forces.get()).isEqualTo(1);
      assertThat(log.size()).isEqualTo(1);
    }
  }

  @Test
  void checkpointAndClose_forceUnwaitedAppendsFirst() throws Exception {
    CompletableFuture<Long> last;
    try (AuditLog log = AuditLog.open(dir, TestLogs.options(), counting)) {
      log.unwaitedSyncNanos = HOUR;
      log.appendUnwaited(TestLogs.event(0));
      log.appendUnwaited(TestLogs.event(1));
      assertThat(log.checkpoint().get(30, TimeUnit.SECONDS).treeSize()).isEqualTo(2);
      last = log.appendUnwaited(TestLogs.event(2));
    }
    assertThat(last.getNow(-1L)).isEqualTo(2L);
    assertThat(AuditVerifier.verify(dir, TestLogs.KEY.getPublic(), Optional.empty()).entries())
        .isEqualTo(3);
  }

  @Test
  void failedFsync_failsTheUnwaitedAppendsItWouldHaveCovered_andCutsThemOff() throws Exception {
    List<CompletableFuture<Long>> lost = new ArrayList<>();
    try (AuditLog log = AuditLog.open(dir, TestLogs.options(), counting)) {
      log.unwaitedSyncNanos = HOUR;
      for (int i = 0; i < 5; i++) {
        log.append(TestLogs.event(i)).join();
      }
      broken.set(true);
      for (int i = 5; i < 8; i++) {
        lost.add(log.appendUnwaited(TestLogs.event(i)));
      }
      lost.add(log.append(TestLogs.event(8)));
      for (CompletableFuture<Long> f : lost) {
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(AuditUnavailableException.class);
      }
      assertThat(log.healthy()).isFalse();
    }
    broken.set(false);
    assertThat(AuditVerifier.verify(dir, TestLogs.KEY.getPublic(), Optional.empty()).entries())
        .isEqualTo(5);
  }

  @Test
  void rotation_forcesTheOldSegmentFirst_andTheChainContinuesAcrossFiles() throws Exception {
    AtomicInteger closedUnforced = new AtomicInteger();
    SegmentFile.Opener tracking = file -> new ForwardingSegmentFile(SegmentFile.open(file)) {
      private boolean dirty;

      @Override
      public void write(ByteBuffer bytes) throws IOException {
        dirty = true;
        real.write(bytes);
      }

      @Override
      public void force() throws IOException {
        real.force();
        dirty = false;
      }

      @Override
      public void close() throws IOException {
        if (dirty) {
          closedUnforced.incrementAndGet();
        }
        real.close();
      }
    };
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    AuditLog.Options options = TestLogs.options().withRotation(2000, Duration.ofHours(1));
    try (AuditLog log = AuditLog.open(dir, options, tracking)) {
      log.unwaitedSyncNanos = HOUR;
      for (int i = 0; i < 30; i++) {
        futures.add(i % 3 == 2 ? log.append(TestLogs.event(i)) : log.appendUnwaited(TestLogs.event(i)));
        if (i % 3 == 2) {
          futures.get(i).join();
        }
      }
    }
    for (int i = 0; i < 30; i++) {
      assertThat(futures.get(i).getNow(-1L)).isEqualTo(i);
    }
    assertThat(closedUnforced.get()).isZero();
    assertThat(Segments.list(dir)).hasSizeGreaterThan(2);
    assertThat(AuditVerifier.verify(dir, TestLogs.KEY.getPublic(), Optional.empty()).entries())
        .isEqualTo(30);
  }

  private void awaitLines(int n) throws Exception {
    for (int i = 0; i < 3000 && lines() < n; i++) {
      Thread.sleep(10);
    }
    assertThat(lines()).isEqualTo(n);
  }

  private long lines() throws IOException {
    return Files.readAllLines(TestLogs.segment(dir)).size();
  }
}
