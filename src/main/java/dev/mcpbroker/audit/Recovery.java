package dev.mcpbroker.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.json.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reopens a log directory after a clean stop or a crash.
 *
 * <p>Design note: a crash can leave at most a torn last line (a batch is written, then forced,
 * then acknowledged, so no acknowledged entry is ever in the torn part). Recovery hashes every
 * complete line to rebuild the chain tail and the compact range (no JSON parsing, so this is
 * disk speed), truncates a torn tail of the last segment and of the checkpoint file, and checks
 * the tail: the last entry's seq and prev, and that the last signed checkpoint is neither beyond
 * the entries present nor at odds with them. A log that fails these checks was damaged by
 * something other than a crash, and the log refuses to extend it.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private Recovery() {}

  static LogState recover(Path dir, SegmentFile.Opener opener) throws IOException {
    Files.createDirectories(dir);
    LogState s = new LogState();
    s.lastCheckpoint = lastCheckpoint(dir.resolve(Segments.CHECKPOINTS));
    byte[] rootAtCheckpoint = s.lastCheckpoint != null && s.lastCheckpoint.treeSize() == 0
        ? MerkleTree.emptyRoot() : null;
    List<Path> segments = Segments.list(dir);
    byte[] lastLine = null;
    String prevOfLast = EntryCodec.ZERO_HASH;
    MessageDigest sha = MerkleTree.sha256();
    for (int i = 0; i < segments.size(); i++) {
      Path file = segments.get(i);
      boolean lastSegment = i == segments.size() - 1;
      try (LineReader r = new LineReader(file)) {
        for (byte[] line; (line = r.next()) != null; ) {
          if (lastSegment && s.segmentStarted == null) {
            s.segmentStarted = Instant.parse(parse(line, file).path("time").asText());
          }
          s.tree.append(MerkleTree.leafHash(line));
          prevOfLast = s.prevHex;
          s.prevHex = EntryCodec.HEX.formatHex(sha.digest(line));
          lastLine = line;
          s.nextSeq++;
          if (s.lastCheckpoint != null && s.nextSeq == s.lastCheckpoint.treeSize()) {
            rootAtCheckpoint = s.tree.root();
          }
        }
        if (r.tornBytes() > 0) {
          if (!lastSegment) {
            throw new IOException(file + ": does not end with a newline, but is not the last segment");
          }
          truncate(file, r.completeBytes());
          LOG.warn("audit: truncated a torn last line of {} bytes in {} (crash during a write); "
              + "the log continues after seq {}", r.tornBytes(), file, s.nextSeq - 1);
        }
      }
    }
    checkTail(dir, s, lastLine, prevOfLast, rootAtCheckpoint);
    s.segmentIndex = Math.max(1, segments.size());
    Path current = Segments.path(dir, s.segmentIndex);
    s.segment = opener.open(current);
    s.segmentBytes = s.segment.size();
    s.checkpoints = opener.open(dir.resolve(Segments.CHECKPOINTS));
    if (segments.isEmpty()) {
      syncDirectory(dir);
    }
    return s;
  }

  private static void checkTail(Path dir, LogState s, byte[] lastLine, String prevOfLast,
      byte[] rootAtCheckpoint) throws IOException {
    String advice = " in " + dir + "; refusing to extend it (run `audit verify`)";
    if (lastLine != null) {
      JsonNode last = parse(lastLine, dir);
      if (last.path("seq").asLong(-1) != s.nextSeq - 1) {
        throw new IOException("last entry has seq " + last.path("seq") + " (expected: "
            + (s.nextSeq - 1) + ")" + advice);
      }
      if (!prevOfLast.equals(last.path("prev").asText())) {
        throw new IOException("last entry (seq " + (s.nextSeq - 1)
            + ") does not chain to the entry before it" + advice);
      }
    }
    Checkpoint cp = s.lastCheckpoint;
    if (cp != null && cp.treeSize() > s.nextSeq) {
      throw new IOException("the last checkpoint covers " + cp.treeSize() + " entries but only "
          + s.nextSeq + " are present (truncated?)" + advice);
    }
    if (cp != null && !MessageDigest.isEqual(rootAtCheckpoint, cp.rootBytes())) {
      throw new IOException("the entries do not match the root of the last checkpoint (tree size "
          + cp.treeSize() + ")" + advice);
    }
  }

  private static Checkpoint lastCheckpoint(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    byte[] last = null;
    try (LineReader r = new LineReader(file)) {
      for (byte[] line; (line = r.next()) != null; ) {
        last = line;
      }
      if (r.tornBytes() > 0) {
        truncate(file, r.completeBytes());
        LOG.warn("audit: truncated a torn last line of {} bytes in {}", r.tornBytes(), file);
      }
    }
    try {
      return last == null ? null : Checkpoint.parse(new String(last, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": last checkpoint unreadable: " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(byte[] line, Path where) throws IOException {
    try {
      return Json.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new IOException(where + ": an entry is not JSON: " + e.getMessage(), e);
    }
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
      ch.force(true);
    }
  }

  /** Makes a new file's directory entry durable; not every platform can open a directory. */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debug("audit: cannot fsync directory {}: {}", dir, e.toString());
    }
  }
}
