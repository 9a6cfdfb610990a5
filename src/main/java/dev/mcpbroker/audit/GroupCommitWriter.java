package dev.mcpbroker.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's single writer thread: drains the queue into batches, writes and forces each batch
 * once, completes its futures, rotates segments and writes signed checkpoints. See the design
 * note on {@link AuditLog}.
 */
final class GroupCommitWriter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_BATCH = 8192;
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final AuditLog log;
  private final Path dir;
  private final AuditLog.Options options;
  private final LogState s;
  private final SegmentFile.Opener opener;
  private final String keyId;
  private final BatchBuffer buffer = new BatchBuffer(1 << 20);
  private final MessageDigest sha = MerkleTree.sha256();
  private final MessageDigest leafSha = MerkleTree.sha256();
  private final byte[] prevHex = new byte[64];

  GroupCommitWriter(AuditLog log, Path dir, AuditLog.Options options, LogState state,
      SegmentFile.Opener opener) {
    this.log = log;
    this.dir = dir;
    this.options = options;
    this.s = state;
    this.opener = opener;
    this.keyId = AuditKeys.keyId(options.signingKey().getPublic());
    s.lastCheckpointAt = options.clock().instant();
  }

  @Override
  public void run() {
    List<Object> batch = new ArrayList<>();
    List<AuditLog.Pending> appends = new ArrayList<>();
    try {
      while (true) {
        Object first = log.queue.poll(pollTimeout(), TimeUnit.MILLISECONDS);
        if (first == null) {
          maybeCheckpoint();
          continue;
        }
        batch.clear();
        appends.clear();
        batch.add(first);
        log.queue.drainTo(batch, MAX_BATCH - 1);
        for (Object o : batch) {
          if (o instanceof AuditLog.Pending p) {
            appends.add(p);
          }
        }
        commit(appends);
        maybeCheckpoint();
        boolean stop = false;
        for (Object o : batch) {
          if (o instanceof AuditLog.CheckpointRequest r) {
            answer(r);
          }
          stop |= o == AuditLog.STOP;
        }
        if (stop) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      finish();
    }
  }

  private void commit(List<AuditLog.Pending> appends) {
    if (appends.isEmpty()) {
      return;
    }
    if (!log.healthy) {
      fail(appends, new AuditUnavailableException("audit log unhealthy after a write failure"));
      return;
    }
    long startBytes = s.segmentBytes;
    try {
      rotateIfDue();
      startBytes = s.segmentBytes;
      buffer.reset();
      long seq = s.nextSeq;
      byte[] prev = prevHex;
      hexAscii(s.prevHex, prev);
      sha.reset(); // nothing a failed batch left behind
      byte[][] leaves = new byte[appends.size()][];
      Instant firstTime = null;
      for (int i = 0; i < appends.size(); i++) {
        Instant now = options.clock().instant();
        firstTime = firstTime == null ? now : firstTime;
        int start = buffer.size();
        EntryCodec.assembleInto(buffer, appends.get(i).entry(), seq + i, now, prev);
        int length = buffer.size() - start;
        sha.update(buffer.array(), start, length);
        hexAscii(sha.digest(), prev);
        leaves[i] = MerkleTree.leafHash(leafSha, buffer.array(), start, length);
        buffer.write('\n');
      }
      s.segment.write(buffer.view());
      s.segment.force();
      log.segmentSyncs.incrementAndGet();
      // durable: only now does the state advance and do callers hear of it
      for (byte[] leaf : leaves) {
        s.tree.append(leaf);
      }
      s.nextSeq = seq + appends.size();
      s.prevHex = new String(prev, StandardCharsets.US_ASCII);
      s.segmentBytes += buffer.size();
      if (s.segmentStarted == null) {
        s.segmentStarted = firstTime;
      }
      log.durableSize = s.nextSeq;
      log.appended.addAndGet(appends.size());
      long durable = System.nanoTime();
      java.util.function.LongConsumer latency = log.appendLatency;
      for (int i = 0; i < appends.size(); i++) {
        appends.get(i).future().complete(seq + i);
      }
      try {
        for (AuditLog.Pending p : appends) {
          latency.accept(durable - p.enqueuedNanos());
        }
      } catch (RuntimeException e) {
        // a metrics observer failing must never be taken for a failing disk
      }
    } catch (IOException | RuntimeException e) {
      markUnhealthy("write of " + appends.size() + " entries", e, s.segment, startBytes);
      fail(appends, new AuditUnavailableException("audit write failed: " + e, e));
    }
  }

  private static void hexAscii(String hex, byte[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) hex.charAt(i);
    }
  }

  private static void hexAscii(byte[] hash, byte[] out) {
    for (int i = 0; i < hash.length; i++) {
      out[2 * i] = HEX_DIGITS[(hash[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX_DIGITS[hash[i] & 0xf];
    }
  }

  /** The batch being built: written to the segment from its own array, without a copy. */
  private static final class BatchBuffer extends ByteArrayOutputStream {
    BatchBuffer(int size) {
      super(size);
    }

    byte[] array() {
      return buf;
    }

    ByteBuffer view() {
      return ByteBuffer.wrap(buf, 0, count);
    }
  }

  private void rotateIfDue() throws IOException {
    Instant now = options.clock().instant();
    boolean full = s.segmentBytes >= options.maxFileBytes();
    boolean old = s.segmentStarted != null
        && Duration.between(s.segmentStarted, now).compareTo(options.maxFileAge()) >= 0;
    if (s.segmentBytes == 0 || !(full || old)) {
      return;
    }
    s.segment.close();
    s.segmentIndex++;
    s.segment = opener.open(Segments.path(dir, s.segmentIndex));
    Recovery.syncDirectory(dir);
    s.segmentBytes = 0;
    s.segmentStarted = null;
  }

  private void maybeCheckpoint() {
    long size = s.tree.size();
    long since = size - (s.lastCheckpoint == null ? 0 : s.lastCheckpoint.treeSize());
    boolean due = since >= options.checkpointEvery() || (since > 0 && untilCheckpointDue() <= 0);
    if (log.healthy && due) {
      writeCheckpoint();
    }
  }

  /** Wakes up for a time-based checkpoint only when there is something to checkpoint. */
  private long pollTimeout() {
    boolean pending = s.lastCheckpoint == null ? s.tree.size() > 0
        : s.lastCheckpoint.treeSize() < s.tree.size();
    return pending ? Math.max(1, untilCheckpointDue()) : options.checkpointInterval().toMillis();
  }

  private long untilCheckpointDue() {
    Instant due = s.lastCheckpointAt.plus(options.checkpointInterval());
    return Math.max(0, Duration.between(options.clock().instant(), due).toMillis());
  }

  private void answer(AuditLog.CheckpointRequest r) {
    boolean stale = s.lastCheckpoint == null || s.lastCheckpoint.treeSize() < s.tree.size();
    if (log.healthy && stale) {
      writeCheckpoint();
    }
    if (log.healthy && s.lastCheckpoint != null) {
      r.future().complete(s.lastCheckpoint);
    } else {
      r.future().completeExceptionally(new AuditUnavailableException("audit log unhealthy"));
    }
  }

  private void writeCheckpoint() {
    Instant now = options.clock().instant();
    Checkpoint cp = Checkpoint.sign(s.tree.size(), s.tree.root(), EntryCodec.TIME.format(now),
        options.signingKey().getPrivate(), keyId);
    long before = -1;
    try {
      before = s.checkpoints.size();
      byte[] json = cp.toCanonicalJson();
      ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
      s.checkpoints.write(line);
      s.checkpoints.force();
      s.lastCheckpoint = cp;
      s.lastCheckpointAt = now;
      log.lastCheckpoint = cp;
    } catch (IOException | RuntimeException e) {
      log.failures.incrementAndGet();
      markUnhealthy("checkpoint at tree size " + cp.treeSize(), e, s.checkpoints, before);
    }
  }

  /** Best effort: cut off what a failed batch may have left, so a reopen does not find it. */
  private void markUnhealthy(String what, Exception e, SegmentFile file, long size) {
    log.healthy = false;
    LOG.error("audit: {} failed; the log is unhealthy and refuses appends until reopened", what, e);
    try {
      if (size >= 0) {
        file.truncate(size);
      }
    } catch (IOException | RuntimeException ignored) {
      // the disk is failing; recovery on reopen checks the tail again
    }
  }

  private void fail(List<AuditLog.Pending> appends, AuditUnavailableException e) {
    log.failures.addAndGet(appends.size());
    appends.forEach(p -> p.future().completeExceptionally(e));
  }

  private void finish() {
    if (log.healthy && (s.lastCheckpoint == null || s.lastCheckpoint.treeSize() < s.tree.size())) {
      writeCheckpoint();
    }
    for (SegmentFile f : new SegmentFile[] {s.segment, s.checkpoints}) {
      try {
        f.close();
      } catch (IOException e) {
        LOG.warn("audit: closing a log file failed", e);
      }
    }
    log.writerDone = true;
    failAll(log.queue, new AuditUnavailableException("audit log closed"));
  }

  static void failAll(BlockingQueue<Object> queue, AuditUnavailableException e) {
    List<Object> rest = new ArrayList<>();
    queue.drainTo(rest);
    for (Object o : rest) {
      if (o instanceof AuditLog.Pending p) {
        p.future().completeExceptionally(e);
      } else if (o instanceof AuditLog.CheckpointRequest r) {
        r.future().completeExceptionally(e);
      }
    }
  }
}
