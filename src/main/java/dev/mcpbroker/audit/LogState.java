package dev.mcpbroker.audit;

import java.time.Instant;

/**
 * The writer's view of the log's tail: next sequence number, hash of the last entry, the tree,
 * the open segment and the last checkpoint. Built by {@link Recovery}, then owned by the writer
 * thread alone.
 */
final class LogState {
  long nextSeq;
  String prevHex = EntryCodec.ZERO_HASH;
  final CompactRange tree = new CompactRange();
  long segmentIndex;
  SegmentFile segment;
  long segmentBytes;
  Instant segmentStarted; // time of the segment's first entry; null while it is empty
  SegmentFile checkpoints;
  Checkpoint lastCheckpoint; // null before the first one
  Instant lastCheckpointAt;
}
