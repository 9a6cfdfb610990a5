package dev.mcpbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A disk that fails mid-write or at fsync: futures fail, the log turns unhealthy, nothing acknowledged is lost. */
class FailingDiskTest {
  @TempDir Path dir;
  private final AtomicBoolean broken = new AtomicBoolean();

  /** Writes half the buffer then throws ("write"), or writes it all and fails the fsync ("force"). */
  private SegmentFile.Opener failing(String mode) {
    return file -> {
      return new ForwardingSegmentFile(SegmentFile.open(file)) {
        @Override
        public void write(ByteBuffer bytes) throws IOException {
          if (broken.get() && mode.equals("write")) {
            bytes.limit(bytes.position() + bytes.remaining() / 2);
            real.write(bytes);
            throw new IOException("No space left on device");
          }
          real.write(bytes);
        }

        @Override
        public void force() throws IOException {
          if (broken.get() && mode.equals("force")) {
            throw new IOException("Input/output error");
          }
          real.force();
        }
      };
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"write", "force"})
  void failingDisk_failsFutures_marksUnhealthy_andLosesNothingAcknowledged(String mode)
      throws Exception {
    List<Long> acknowledged = new ArrayList<>();
    List<CompletableFuture<Long>> duringFailure = new ArrayList<>();
    AuditLog log = AuditLog.open(dir, TestLogs.options(), failing(mode));
    for (int i = 0; i < 25; i++) {
      acknowledged.add(log.append(TestLogs.event(i)).join());
    }
    broken.set(true);
    for (int i = 25; i < 60; i++) {
      duringFailure.add(log.append(TestLogs.event(i)));
    }
    for (CompletableFuture<Long> f : duringFailure) {
      try {
        acknowledged.add(f.join()); // a batch may have been written before the disk broke
      } catch (CompletionException e) {
        assertThat(e.getCause()).isInstanceOf(AuditUnavailableException.class);
      }
    }
    assertThat(log.healthy()).isFalse();
    assertThat(log.failures()).isPositive();
    long failuresBefore = log.failures();
    assertThat(log.append(TestLogs.event(99))).isCompletedExceptionally();
    assertThat(log.failures()).isEqualTo(failuresBefore + 1);
    log.close();

    broken.set(false);
    try (AuditLog reopened = AuditLog.open(dir, TestLogs.options())) {
      assertThat(reopened.healthy()).isTrue();
      assertThat(reopened.size()).isEqualTo(acknowledged.size());
      assertThat(reopened.append(TestLogs.event(100)).join()).isEqualTo(acknowledged.size());
    }
    assertThat(acknowledged).containsExactlyElementsOf(
        java.util.stream.LongStream.range(0, acknowledged.size()).boxed().toList());
    VerifyReport r = AuditVerifier.verify(dir, TestLogs.KEY.getPublic(), Optional.empty());
    assertThat(r.ok()).as(r.problem()).isTrue();
    assertThat(r.entries()).isEqualTo(acknowledged.size() + 1);
  }
}
