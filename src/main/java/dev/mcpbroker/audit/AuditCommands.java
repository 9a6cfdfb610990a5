package dev.mcpbroker.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.json.CanonicalJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code audit verify} and {@code audit query} command lines, as static methods the broker's
 * main dispatches to. Exit codes: 0 ok, 1 tampered, 2 usage or unreadable input.
 */
public final class AuditCommands {
  static final String VERIFY_USAGE =
      "usage: audit verify <dir> --key <pubkey-file> [--trusted-checkpoint <file or json>]";
  static final String QUERY_USAGE = "usage: audit query <dir> [--agent A] [--subject S] "
      + "[--tool T] [--decision D] [--since ISO] [--until ISO]";

  private AuditCommands() {}

  /** Runs {@code audit verify}; {@code args} starts after the word {@code verify}. */
  public static int verify(String[] args, PrintStream out) {
    Map<String, String> opts = new HashMap<>();
    Path dir = parse(args, Set.of("--key", "--trusted-checkpoint"), opts);
    if (dir == null || !opts.containsKey("--key")) {
      out.println(VERIFY_USAGE);
      return 2;
    }
    try {
      PublicKey key = AuditKeys.readPublicKey(Path.of(opts.get("--key")));
      Optional<Checkpoint> trusted = Optional.empty();
      if (opts.containsKey("--trusted-checkpoint")) {
        trusted = Optional.of(readCheckpoint(opts.get("--trusted-checkpoint")));
      }
      VerifyReport r = AuditVerifier.verify(dir, key, trusted);
      if (r.ok()) {
        // entries past the last signature are vouched for by the chain alone: an appended forgery
        // or a cut-off tail there is visible only to a later checkpoint, so say where that starts
        long signed = Math.max(signedSize(dir), trusted.map(Checkpoint::treeSize).orElse(0L));
        out.println("OK: " + r.entries() + " entries, " + r.checkpointsChecked()
            + " checkpoints verified" + trusted.map(t -> "; consistent with the trusted "
            + "checkpoint at tree size " + t.treeSize()).orElse("")
            + (signed < r.entries() ? "; entries " + signed + ".." + (r.entries() - 1)
                + " follow the last signed checkpoint (hash-chained, not yet signed)" : ""));
        return 0;
      }
      out.println((r.firstBadSeq() >= 0 ? "TAMPERED at seq " + r.firstBadSeq() : "TAMPERED")
          + ": " + r.problem());
      return 1;
    } catch (IOException | IllegalArgumentException e) {
      out.println("audit verify: " + e.getMessage());
      return 2;
    }
  }

  /** Runs {@code audit query}, printing matching entries as JSON lines. */
  public static int query(String[] args, PrintStream out) {
    Map<String, String> o = new HashMap<>();
    Path dir = parse(args,
        Set.of("--agent", "--subject", "--tool", "--decision", "--since", "--until"), o);
    if (dir == null) {
      out.println(QUERY_USAGE);
      return 2;
    }
    try {
      AuditQuery.Filter f = new AuditQuery.Filter(o.get("--agent"), o.get("--subject"),
          o.get("--tool"), o.get("--decision"), instant(o.get("--since")), instant(o.get("--until")));
      try (Stream<JsonNode> entries = AuditQuery.run(dir, f)) {
        entries.forEach(e -> out.println(new String(CanonicalJson.canonicalize(e),
            StandardCharsets.UTF_8)));
      }
      return 0;
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      out.println("audit query: " + e.getMessage());
      return 2;
    }
  }

  /** Returns the directory argument and fills {@code opts}, or null on a usage error. */
  private static Path parse(String[] args, Set<String> known, Map<String, String> opts) {
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      if (known.contains(args[i]) && i + 1 < args.length) {
        opts.put(args[i], args[++i]);
      } else if (!args[i].startsWith("--") && dir == null) {
        dir = Path.of(args[i]);
      } else {
        return null;
      }
    }
    return dir;
  }

  /** Returns the tree size of the last checkpoint in {@code dir}, 0 if there is none. */
  private static long signedSize(Path dir) throws IOException {
    Path file = dir.resolve(Segments.CHECKPOINTS);
    if (!Files.exists(file)) {
      return 0;
    }
    byte[] last = null;
    try (LineReader r = new LineReader(file)) {
      for (byte[] line; (line = r.next()) != null; ) {
        last = line;
      }
    }
    return last == null ? 0 : Checkpoint.parse(new String(last, StandardCharsets.UTF_8)).treeSize();
  }

  private static Checkpoint readCheckpoint(String fileOrJson) throws IOException {
    String text = fileOrJson.strip().startsWith("{") ? fileOrJson
        : Files.readString(Path.of(fileOrJson), StandardCharsets.UTF_8);
    List<String> lines = text.strip().lines().toList();
    // a copy of checkpoints.jsonl is accepted too: its last line is the newest checkpoint
    return Checkpoint.parse(lines.get(lines.size() - 1));
  }

  private static Instant instant(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return iso.length() == 10 ? LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(iso);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--since/--until: " + iso + " (expected: 2026-11-05 or 2026-11-05T10:15:30Z)");
    }
  }
}
