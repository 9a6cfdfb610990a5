package dev.mcpbroker.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.json.CanonicalJson;
import dev.mcpbroker.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks a log directory offline: every entry, the hash chain, the tree roots against every
 * signed checkpoint, and that the log only grew since an earlier trusted checkpoint.
 *
 * <p>Design note (locating tampering): entries are read in order and the first inconsistency
 * ends the check. A wrong {@code seq} names the position where the expected entry is not
 * (deleted, reordered or inserted). A {@code prev} that does not match the entry before it is
 * ambiguous: either that earlier entry was edited or this one was. One line of lookahead
 * decides: if the next entry chains to this one, this one is intact and the earlier one was
 * edited. An inserted entry that chains correctly is betrayed by its successor, which repeats
 * its seq and links past it. A checkpoint root that does not match can only bound the damage:
 * the first bad seq is the size of the last checkpoint that did match.
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  /** A checkpoint the entries must match, and how to name it in a report. */
  private record Target(String label, Checkpoint checkpoint) {}

  private static final class Tampered extends Exception {
    private static final long serialVersionUID = 1L;
    final long seq;

    Tampered(long seq, String message) {
      super(message, null, false, false);
      this.seq = seq;
    }
  }

  /** Verifies {@code dir} with the audit public key, optionally against a trusted checkpoint. */
  public static VerifyReport verify(Path dir, PublicKey key, Optional<Checkpoint> trustedEarlier)
      throws IOException {
    List<Target> targets = new ArrayList<>();
    try {
      readCheckpoints(dir.resolve(Segments.CHECKPOINTS), key, targets);
    } catch (Tampered t) {
      return VerifyReport.bad(0, t.seq, t.getMessage(), 0);
    }
    long fileCheckpoints = targets.size();
    if (trustedEarlier.isPresent()) {
      if (!trustedEarlier.get().verify(key)) {
        return VerifyReport.bad(0, -1, "trusted checkpoint: signature does not verify with this key", 0);
      }
      targets.add(new Target("the trusted checkpoint", trustedEarlier.get()));
    }
    targets.sort((a, b) -> Long.compare(a.checkpoint().treeSize(), b.checkpoint().treeSize()));
    Walk walk = new Walk(targets);
    // a deleted segment file is deleted entries: read past the gap so that the seq check names them
    List<Path> segments = Segments.listAll(dir);
    List<String> numbering = Segments.numbering(dir, segments);
    String gap = numbering.isEmpty() ? "" : " (" + String.join("; ", numbering) + ")";
    try (EntrySource src = new EntrySource(segments)) {
      walk.matchTargets();
      for (byte[] line; (line = src.next()) != null; ) {
        walk.entry(line, src.peek());
      }
      walk.end();
    } catch (Tampered t) {
      return VerifyReport.bad(walk.entries, t.seq, t.getMessage() + gap, walk.checked);
    }
    if (!numbering.isEmpty()) {
      return VerifyReport.bad(walk.entries, -1, String.join("; ", numbering)
          + " (yet every entry present checks out)", walk.checked);
    }
    return VerifyReport.ok(walk.entries, fileCheckpoints);
  }

  private static void readCheckpoints(Path file, PublicKey key, List<Target> out)
      throws IOException, Tampered {
    if (!Files.exists(file)) {
      return;
    }
    try (LineReader r = new LineReader(file)) {
      int n = 0;
      for (byte[] line; (line = r.next()) != null; ) {
        String label = "checkpoint " + (++n) + " of " + Segments.CHECKPOINTS;
        Checkpoint cp;
        try {
          cp = Checkpoint.parse(new String(line, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw new Tampered(-1, label + ": " + e.getMessage());
        }
        label += " (tree size " + cp.treeSize() + ")";
        if (!Arrays.equals(cp.toCanonicalJson(), line)) {
          throw new Tampered(-1, label + ": not in canonical form (edited?)");
        }
        if (!cp.verify(key)) {
          throw new Tampered(-1, label + ": signature does not verify (forged or altered)");
        }
        if (!out.isEmpty() && out.get(out.size() - 1).checkpoint().treeSize() > cp.treeSize()) {
          throw new Tampered(-1, label + ": smaller than the checkpoint before it");
        }
        out.add(new Target(label, cp));
      }
    }
  }

  /** The state of one pass over the entries. */
  private static final class Walk {
    private final List<Target> targets;
    private final CompactRange tree = new CompactRange();
    private final MessageDigest sha = MerkleTree.sha256();
    private int nextTarget;
    private long entries;
    private long checked;
    private long lastMatched;
    private String prevHex = EntryCodec.ZERO_HASH;
    private String prevPrevHex; // hash of the entry before the previous one; ZERO before entry 0

    Walk(List<Target> targets) {
      this.targets = targets;
    }

    void entry(byte[] line, byte[] next) throws Tampered {
      long i = entries;
      JsonNode e = parse(line, i);
      if (!Arrays.equals(CanonicalJson.canonicalize(e), line)) {
        throw new Tampered(i, "entry is not in canonical form (edited?)");
      }
      JsonNode seqNode = e.get("seq");
      long seq = seqNode != null && seqNode.canConvertToExactIntegral() ? seqNode.asLong() : -1;
      String prev = e.path("prev").asText();
      if (seq != i) {
        if (seq == i - 1 && prev.equals(prevPrevHex)) {
          throw new Tampered(i - 1, "entry " + (i - 1) + " was inserted: the entry after it also "
              + "claims seq " + (i - 1) + " and links to the entry before it");
        }
        throw new Tampered(i, "expected seq " + i + ", found " + seqNode
            + " (entry deleted, reordered or inserted)");
      }
      String hash = EntryCodec.HEX.formatHex(sha.digest(line));
      if (!prev.equals(prevHex)) {
        if (i > 0 && chainsTo(next, i + 1, hash)) {
          throw new Tampered(i - 1, "entry " + (i - 1) + " does not match the prev hash recorded "
              + "in entry " + i + " (edited)");
        }
        throw new Tampered(i, i == 0 ? "entry 0 does not have the all-zero prev hash"
            : "prev hash does not match entry " + (i - 1));
      }
      prevPrevHex = prevHex;
      prevHex = hash;
      tree.append(MerkleTree.leafHash(line));
      entries++;
      matchTargets();
    }

    void matchTargets() throws Tampered {
      for (; nextTarget < targets.size()
          && targets.get(nextTarget).checkpoint().treeSize() == entries; nextTarget++) {
        Target t = targets.get(nextTarget);
        if (!MessageDigest.isEqual(tree.root(), t.checkpoint().rootBytes())) {
          throw new Tampered(lastMatched, "entries " + lastMatched + ".." + (entries - 1)
              + " do not match the signed root of " + t.label());
        }
        lastMatched = entries;
        checked++;
      }
    }

    void end() throws Tampered {
      if (nextTarget < targets.size()) {
        Target t = targets.get(targets.size() - 1);
        throw new Tampered(entries, "the log ends at " + entries + " entries but " + t.label()
            + " covers " + t.checkpoint().treeSize() + ": entries " + entries + ".."
            + (t.checkpoint().treeSize() - 1) + " are missing (truncated)");
      }
    }

    private static boolean chainsTo(byte[] next, long seq, String hash) {
      if (next == null) {
        return false;
      }
      try {
        JsonNode n = Json.MAPPER.readTree(next);
        return n.path("seq").asLong(-1) == seq && hash.equals(n.path("prev").asText());
      } catch (IOException e) {
        return false;
      }
    }

    private static JsonNode parse(byte[] line, long i) throws Tampered {
      try {
        JsonNode n = Json.MAPPER.readTree(line);
        if (n != null && n.isObject()) {
          return n;
        }
      } catch (IOException e) {
        // reported below
      }
      throw new Tampered(i, "entry is not a JSON object");
    }
  }
}
