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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
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
  // written to the segment, not yet forced: entries nobody waits for, until a waited-for batch
  // or syncDue comes
  private final List<AuditLog.Pending> unsynced = new ArrayList<>();
  private final List<byte[]> unsyncedLeaves = new ArrayList<>();
  private long syncDue; // System.nanoTime() by which the unsynced entries are forced
  private long durableBytes; // of the open segment; a failure cuts it back to this

  GroupCommitWriter(AuditLog log, Path dir, AuditLog.Options options, LogState state,
      SegmentFile.Opener opener) {
    this.log = log;
    this.dir = dir;
    this.options = options;
    this.s = state;
    this.opener = opener;
    this.keyId = AuditKeys.keyId(options.signingKey().getPublic());
    s.lastCheckpointAt = options.clock().instant();
    this.durableBytes = state.segmentBytes;
  }

  @Override
  public void run() {
    List<Object> batch = new ArrayList<>();
    List<AuditLog.Pending> appends = new ArrayList<>();
    try {
      while (true) {
        long timeout = unsynced.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(pollTimeout())
            : Math.max(1, syncDue - System.nanoTime());
        Object first = log.queue.poll(timeout, TimeUnit.NANOSECONDS);
        if (first == null) {
          if (!unsynced.isEmpty() && System.nanoTime() - syncDue >= 0) {
            sync();
          }
          maybeCheckpoint();
          continue;
        }
        batch.clear();
        appends.clear();
        batch.add(first);
        log.queue.drainTo(batch, MAX_BATCH - 1);
        boolean stop = false;
        boolean request = false;
        for (Object o : batch) {
          if (o instanceof AuditLog.Pending p) {
            appends.add(p);
          }
          request |= o instanceof AuditLog.CheckpointRequest;
          stop |= o == AuditLog.STOP;
        }
        commit(appends);
        if (!unsynced.isEmpty() && (request || stop)) {
          sync(); // a checkpoint, and a closed log, cover every entry written
        }
        maybeCheckpoint();
        for (Object o : batch) {
          if (o instanceof AuditLog.CheckpointRequest r) {
            answer(r);
          }
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

  /**
   * Writes a batch at once (so that a crash of the process loses none of it) and forces it if
   * anyone waits for one of its entries; entries nobody waits for wait for such a batch, or for
   * {@link AuditLog#UNWAITED_SYNC_NANOS}, whichever comes first.
   */
  private void commit(List<AuditLog.Pending> appends) {
    if (appends.isEmpty()) {
      return;
    }
    if (!log.healthy) {
      fail(appends, new AuditUnavailableException("audit log unhealthy after a write failure"));
      return;
    }
    try {
      if (rotationDue()) {
        if (!unsynced.isEmpty()) {
          sync(); // the closed segment must hold nothing unforced
        }
        if (!log.healthy) {
          fail(appends, new AuditUnavailableException("audit log unhealthy after a write failure"));
          return;
        }
        rotate();
      }
      buffer.reset();
      long seq = s.nextSeq;
      byte[] prev = prevHex;
      hexAscii(s.prevHex, prev);
      sha.reset(); // nothing a failed batch left behind
      Instant firstTime = null;
      boolean waited = false;
      for (int i = 0; i < appends.size(); i++) {
        Instant now = options.clock().instant();
        firstTime = firstTime == null ? now : firstTime;
        int start = buffer.size();
        EntryCodec.assembleInto(buffer, appends.get(i).entry(), seq + i, now, prev);
        int length = buffer.size() - start;
        sha.update(buffer.array(), start, length);
        hexAscii(sha.digest(), prev);
        unsyncedLeaves.add(MerkleTree.leafHash(leafSha, buffer.array(), start, length));
        unsynced.add(appends.get(i));
        buffer.write('\n');
        waited |= appends.get(i).waited();
      }
      s.segment.write(buffer.view());
      // written, not yet durable: the tree, the size and the futures advance only in sync()
      s.nextSeq = seq + appends.size();
      s.prevHex = new String(prev, StandardCharsets.US_ASCII);
      s.segmentBytes += buffer.size();
      if (s.segmentStarted == null) {
        s.segmentStarted = firstTime;
      }
      if (unsynced.size() == appends.size()) {
        syncDue = System.nanoTime() + log.unwaitedSyncNanos;
      }
      if (waited || System.nanoTime() - syncDue >= 0) {
        sync();
      }
    } catch (IOException | RuntimeException e) {
      unhealthy("write of " + appends.size() + " entries", e, appends);
    }
  }

  /** Forces what was written; only then does the state advance and do callers hear of it. */
  private void sync() {
    try {
      s.segment.force();
    } catch (IOException | RuntimeException e) {
      unhealthy("fsync of " + unsynced.size() + " entries", e, List.of());
      return;
    }
    log.segmentSyncs.incrementAndGet();
    for (byte[] leaf : unsyncedLeaves) {
      s.tree.append(leaf);
    }
    long seq = log.durableSize;
    durableBytes = s.segmentBytes;
    log.durableSize = s.nextSeq;
    log.appended.addAndGet(unsynced.size());
    long durable = System.nanoTime();
    java.util.function.LongConsumer latency = log.appendLatency;
    for (int i = 0; i < unsynced.size(); i++) {
      unsynced.get(i).future().complete(seq + i);
    }
    try {
      for (AuditLog.Pending p : unsynced) {
        latency.accept(durable - p.enqueuedNanos());
      }
    } catch (RuntimeException e) {
      // a metrics observer failing must never be taken for a failing disk
    } finally {
      unsynced.clear();
      unsyncedLeaves.clear();
    }
  }

  /** Cuts the segment back to what is durable and fails every append not yet reported. */
  private void unhealthy(String what, Exception e, List<AuditLog.Pending> appends) {
    markUnhealthy(what, e, s.segment, durableBytes);
    AuditUnavailableException failure = new AuditUnavailableException("audit write failed: " + e, e);
    List<AuditLog.Pending> failed = new ArrayList<>(unsynced);
    Set<AuditLog.Pending> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.addAll(unsynced);
    for (AuditLog.Pending p : appends) {
      if (!seen.contains(p)) {
        failed.add(p);
      }
    }
    unsynced.clear();
    unsyncedLeaves.clear();
    fail(failed, failure);
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

  private boolean rotationDue() {
    Instant now = options.clock().instant();
    boolean full = s.segmentBytes >= options.maxFileBytes();
    boolean old = s.segmentStarted != null
        && Duration.between(s.segmentStarted, now).compareTo(options.maxFileAge()) >= 0;
    return s.segmentBytes != 0 && (full || old);
  }

  private void rotate() throws IOException {
    s.segment.close();
    s.segmentIndex++;
    s.segment = opener.open(Segments.path(dir, s.segmentIndex));
    Recovery.syncDirectory(dir);
    s.segmentBytes = 0;
    durableBytes = 0;
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
        options.signingKey().getPrivate(), keyId, options.signatureProvider());
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
    if (log.healthy && !unsynced.isEmpty()) {
      sync();
    }
    if (!unsynced.isEmpty()) { // interrupted while the log was unhealthy
      fail(new ArrayList<>(unsynced), new AuditUnavailableException("audit log closed"));
    }
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
