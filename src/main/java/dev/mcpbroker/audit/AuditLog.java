package dev.mcpbroker.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends audit entries durably: a hash-chained, Merkle-tree-backed, signed-checkpointed log in
 * one directory. Thread-safe; {@link #append} never blocks.
 *
 * <p>Design note (group commit): callers canonicalize their event on their own thread and
 * enqueue it; one writer thread drains whatever has queued up, assigns seq/time/prev, writes the
 * batch with one write, forces it with one {@code fdatasync}, and only then completes the
 * batch's futures. One fsync thus serves every append that arrived while the previous one ran.
 * Appends nobody waits for ({@link #appendUnwaited}) are written at once but cause no fsync of
 * their own: they become durable with the next waited-for append's, or at most
 * {@link #UNWAITED_SYNC_NANOS} later, and only then do their futures complete.
 *
 * <p>After a write or fsync error the log is unhealthy: the batch and every later append fail with
 * {@link AuditUnavailableException} until the log is closed and reopened, so that an entry is
 * never reported as written when it was not. Futures complete on the writer thread: attach
 * continuations with the {@code *Async} methods.
 */
public final class AuditLog implements AutoCloseable {

  /** Configures checkpoints, rotation and back-pressure; see {@link #defaults(KeyPair)}. */
  public record Options(KeyPair signingKey, long checkpointEvery, Duration checkpointInterval,
      long maxFileBytes, Duration maxFileAge, int maxPending, Clock clock, Provider signatureProvider) {
    public Options {
      Objects.requireNonNull(signingKey, "signingKey");
      Objects.requireNonNull(clock, "clock");
      positive("checkpointEvery", checkpointEvery);
      positive("checkpointInterval", checkpointInterval.toMillis());
      positive("maxFileBytes", maxFileBytes);
      positive("maxFileAge", maxFileAge.toMillis());
      positive("maxPending", maxPending);
    }

    /** Checkpoint every 1000 entries or 10 s, rotate at 64 MiB or 24 h, queue 65,536 appends. */
    public static Options defaults(KeyPair signingKey) {
      return new Options(signingKey, 1000, Duration.ofSeconds(10), 64L << 20, Duration.ofHours(24),
          65_536, Clock.systemUTC(), null);
    }

    public Options withCheckpoints(long every, Duration interval) {
      return new Options(signingKey, every, interval, maxFileBytes, maxFileAge, maxPending, clock,
          signatureProvider);
    }

    public Options withRotation(long bytes, Duration age) {
      return new Options(signingKey, checkpointEvery, checkpointInterval, bytes, age, maxPending,
          clock, signatureProvider);
    }

    public Options withMaxPending(int pending) {
      return new Options(signingKey, checkpointEvery, checkpointInterval, maxFileBytes,
          maxFileAge, pending, clock, signatureProvider);
    }

    public Options withClock(Clock c) {
      return new Options(signingKey, checkpointEvery, checkpointInterval, maxFileBytes,
          maxFileAge, maxPending, c, signatureProvider);
    }

    /**
     * Signs checkpoints with {@code provider}'s Ed25519 (null: the JDK's). Ed25519 signatures are
     * deterministic (RFC 8032), so a native provider writes the very bytes the JDK would, in
     * microseconds instead of the JDK's 1.5–3.5 ms here, during which the writer served no append.
     */
    public Options withSignatureProvider(Provider provider) {
      return new Options(signingKey, checkpointEvery, checkpointInterval, maxFileBytes,
          maxFileAge, maxPending, clock, provider);
    }

    private static void positive(String name, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
      }
    }
  }

  record Pending(EntryCodec.Prepared entry, CompletableFuture<Long> future, long enqueuedNanos,
      boolean waited) {}

  record CheckpointRequest(CompletableFuture<Checkpoint> future) {}

  static final Object STOP = new Object();
  static final long UNWAITED_SYNC_NANOS = 5_000_000;

  private final Path dir;
  final BlockingQueue<Object> queue;
  private final GroupCommitWriter writer;
  private final Thread thread;
  final AtomicLong failures = new AtomicLong();
  final AtomicLong appended = new AtomicLong();
  final AtomicLong segmentSyncs = new AtomicLong();
  volatile java.util.function.LongConsumer appendLatency = nanos -> { };
  volatile long unwaitedSyncNanos = UNWAITED_SYNC_NANOS; // a test stretches it
  volatile boolean healthy = true;
  volatile boolean writerDone;
  volatile long durableSize;
  volatile Checkpoint lastCheckpoint;
  private volatile boolean closed;

  private AuditLog(Path dir, Options options, LogState state, SegmentFile.Opener opener) {
    this.dir = dir;
    this.queue = new LinkedBlockingQueue<>(options.maxPending());
    this.durableSize = state.nextSeq;
    this.lastCheckpoint = state.lastCheckpoint;
    this.writer = new GroupCommitWriter(this, dir, options, state, opener);
    this.thread = new Thread(writer, "audit-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Opens (creating or recovering) the log in {@code dir}. */
  public static AuditLog open(Path dir, Options options) throws IOException {
    return open(dir, options, SegmentFile::open);
  }

  static AuditLog open(Path dir, Options options, SegmentFile.Opener opener) throws IOException {
    return new AuditLog(dir, options, Recovery.recover(dir, opener), opener);
  }

  /**
   * Appends an event; the future completes with its seq once the entry is on disk, or fails with
   * {@link AuditUnavailableException} if it is not and never will be.
   */
  public CompletableFuture<Long> append(AuditEvent event) {
    return append(event, true);
  }

  /**
   * Appends an event that nothing waits for (what is reported to anyone does not depend on it):
   * it is written as promptly as by {@link #append}, so it survives a crash of the process, but
   * it is forced to the device together with the next {@link #append}, or within
   * {@link #UNWAITED_SYNC_NANOS}: it never costs an fsync of its own under load. The future still
   * completes only once the entry is durable.
   */
  public CompletableFuture<Long> appendUnwaited(AuditEvent event) {
    return append(event, false);
  }

  private CompletableFuture<Long> append(AuditEvent event, boolean waited) {
    if (!healthy || closed) {
      failures.incrementAndGet();
      return CompletableFuture.failedFuture(new AuditUnavailableException(
          closed ? "audit log closed" : "audit log unhealthy after a write failure"));
    }
    Pending p = new Pending(EntryCodec.prepare(event), new CompletableFuture<>(), System.nanoTime(),
        waited);
    if (!queue.offer(p)) {
      failures.incrementAndGet();
      return CompletableFuture.failedFuture(
          new AuditUnavailableException("audit queue full (" + queue.size() + " pending)"));
    }
    failLeftoversIfStopped();
    return p.future();
  }

  /** Writes a signed checkpoint now if entries were added since the last one; returns the latest. */
  public CompletableFuture<Checkpoint> checkpoint() {
    CheckpointRequest r = new CheckpointRequest(new CompletableFuture<>());
    if (closed || !queue.offer(r)) {
      return CompletableFuture.failedFuture(new AuditUnavailableException("audit log closed or full"));
    }
    failLeftoversIfStopped();
    return r.future();
  }

  /** Returns the latest signed checkpoint, if any. */
  public Optional<Checkpoint> lastCheckpoint() {
    return Optional.ofNullable(lastCheckpoint);
  }

  /** Returns the number of entries durably written. */
  public long size() {
    return durableSize;
  }

  /** Returns the tree root at {@code size} (&lt;= {@link #size()}), recomputed from the files. */
  public byte[] root(long size) throws IOException {
    return MerkleTree.root(leafHashes(size));
  }

  /** Returns the RFC 9162 consistency proof from size m to size n, recomputed from the files. */
  public List<byte[]> consistencyProof(long m, long n) throws IOException {
    return MerkleTree.consistencyProof(leafHashes(n), Math.toIntExact(m), Math.toIntExact(n));
  }

  /** False once a write or fsync failed (until the log is reopened), or once it is closed. */
  public boolean healthy() {
    return healthy && !closed;
  }

  /** Counts appends whose entries became durable. */
  public long appended() {
    return appended.get();
  }

  /**
   * Reports, for every append that becomes durable, the nanoseconds from {@link #append} until
   * then (on the writer thread: {@code observer} must be quick and must not throw).
   */
  public void onAppendLatency(java.util.function.LongConsumer observer) {
    this.appendLatency = observer == null ? nanos -> { } : observer;
  }

  /** Counts fsyncs of the entry files: each one made a batch of appends durable. */
  public long segmentSyncs() {
    return segmentSyncs.get();
  }

  /** Counts appends (and checkpoints) that failed. */
  public long failures() {
    return failures.get();
  }

  /** Writes pending entries and a final checkpoint, then closes the files. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      queue.put(STOP);
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private List<byte[]> leafHashes(long size) throws IOException {
    if (size < 0 || size > durableSize) {
      throw new IllegalArgumentException("size: " + size + " (expected: 0.." + durableSize + ")");
    }
    List<byte[]> leaves = new ArrayList<>(Math.toIntExact(size));
    for (Path file : Segments.list(dir)) {
      try (LineReader r = new LineReader(file)) {
        for (byte[] line; leaves.size() < size && (line = r.next()) != null; ) {
          leaves.add(MerkleTree.leafHash(line));
        }
      }
    }
    return leaves;
  }

  /** An item offered after the writer's final drain would wait forever: fail it here instead. */
  private void failLeftoversIfStopped() {
    if (writerDone) {
      GroupCommitWriter.failAll(queue, new AuditUnavailableException("audit log closed"));
    }
  }
}
