package dev.mcpbroker.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.CanonicalJson;
import dev.mcpbroker.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns an {@link AuditEvent} into the canonical bytes of a log entry.
 *
 * <p>Design note: RFC 8785 canonicalization is the expensive part, and the log's single writer
 * thread must not pay for it. So the caller's thread canonicalizes the event alone and splits
 * it into its top-level members ({@link Prepared}); the writer then only merges in the three
 * members it owns ({@code prev}, {@code seq}, {@code time}) at their sorted positions. The
 * result is byte-identical to canonicalizing the whole entry (all keys are ASCII, so UTF-16
 * order is {@link String#compareTo} order).
 */
final class EntryCodec {
  static final String ZERO_HASH = "0".repeat(64);
  static final HexFormat HEX = HexFormat.of();
  // RFC 3339 UTC with a fixed width, so that time order is string order
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  // the members the writer owns, in key order, and what precedes each one's value
  private static final String[] OWN_KEYS = {"prev", "seq", "time"};
  private static final byte[][] OWN_PREFIXES = {
      "\"prev\":\"".getBytes(StandardCharsets.US_ASCII),
      "\"seq\":".getBytes(StandardCharsets.US_ASCII),
      "\"time\":\"".getBytes(StandardCharsets.US_ASCII)};

  private EntryCodec() {}

  /** The canonical members of one event, ready for the writer to add prev, seq and time. */
  record Prepared(byte[] body, List<String> keys, int[] starts, int[] ends) {}

  static Prepared prepare(AuditEvent e) {
    byte[] body = CanonicalJson.canonicalize(toJson(e));
    List<String> keys = new ArrayList<>();
    List<int[]> spans = new ArrayList<>();
    int i = 1;
    while (body[i] != '}') {
      int start = i;
      int keyEnd = skipString(body, i);
      keys.add(new String(body, i + 1, keyEnd - i - 2, StandardCharsets.UTF_8));
      i = skipValue(body, keyEnd + 1); // past ':'
      spans.add(new int[] {start, i});
      if (body[i] == ',') {
        i++;
      }
    }
    int[] starts = spans.stream().mapToInt(s -> s[0]).toArray();
    int[] ends = spans.stream().mapToInt(s -> s[1]).toArray();
    return new Prepared(body, keys, starts, ends);
  }

  /** Returns the canonical entry: the event's members plus prev, seq and time, in key order. */
  static byte[] assemble(Prepared p, long seq, Instant time, String prevHex) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(p.body().length + 140);
    assembleInto(out, p, seq, time, prevHex.getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /**
   * Appends the canonical entry to {@code out}: what the writer calls, so that a batch is built
   * in one buffer without a copy per entry. {@code prevHex} is the previous hash as ASCII hex.
   */
  static void assembleInto(ByteArrayOutputStream out, Prepared p, long seq, Instant time,
      byte[] prevHex) {
    out.write('{');
    int own = 0;
    boolean first = true;
    List<String> keys = p.keys();
    for (int m = 0; m <= keys.size(); m++) {
      while (own < 3 && (m == keys.size() || OWN_KEYS[own].compareTo(keys.get(m)) < 0)) {
        first = comma(out, first);
        out.writeBytes(OWN_PREFIXES[own]);
        switch (own) {
          case 0 -> {
            out.writeBytes(prevHex);
            out.write('"');
          }
          case 1 -> out.writeBytes(Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
          default -> {
            out.writeBytes(TIME.format(time).getBytes(StandardCharsets.US_ASCII));
            out.write('"');
          }
        }
        own++;
      }
      if (m < keys.size()) {
        first = comma(out, first);
        out.write(p.body(), p.starts()[m], p.ends()[m] - p.starts()[m]);
      }
    }
    out.write('}');
  }

  static ObjectNode toJson(AuditEvent e) {
    ObjectNode o = Json.NODES.objectNode();
    o.put("type", e.type().wire());
    if (e.principal() != null) {
      ObjectNode p = o.putObject("principal");
      putIfSet(p, "agent", e.principal().agent());
      putIfSet(p, "subject", e.principal().subject());
      if (e.principal().actorHistory() != null) {
        ArrayNode a = p.putArray("actor_history");
        e.principal().actorHistory().forEach(a::add);
      }
    }
    putIfSet(o, "session", e.session());
    putIfSet(o, "tool", e.tool());
    if (e.arguments() != null) {
      o.set("arguments", e.arguments());
    }
    putIfSet(o, "decision", e.decision() == null ? null : e.decision().wire());
    putIfSet(o, "reason", e.reason());
    if (e.ruleIds() != null) {
      ArrayNode a = o.putArray("rule_ids");
      e.ruleIds().forEach(a::add);
    }
    putIfSet(o, "policy_version", e.policyVersion());
    putIfSet(o, "action_token_id", e.actionTokenId());
    putIfSet(o, "upstream_outcome", e.upstreamOutcome());
    if (e.latencyMs() != null) {
      o.put("latency_ms", e.latencyMs());
    }
    if (e.details() != null) {
      o.set("details", e.details());
    }
    return o;
  }

  private static void putIfSet(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }

  private static boolean comma(ByteArrayOutputStream out, boolean first) {
    if (!first) {
      out.write(',');
    }
    return false;
  }

  /** Returns the index just past the JSON string starting at {@code i}. */
  private static int skipString(byte[] b, int i) {
    for (int j = i + 1; ; j++) {
      if (b[j] == '\\') {
        j++;
      } else if (b[j] == '"') {
        return j + 1;
      }
    }
  }

  /** Returns the index just past the JSON value starting at {@code i} (no whitespace: canonical). */
  private static int skipValue(byte[] b, int i) {
    int depth = 0;
    int j = i;
    while (true) {
      byte c = b[j];
      if (c == '"') {
        j = skipString(b, j);
      } else {
        if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']' || c == ',') {
          if (depth == 0) {
            return j;
          }
          if (c != ',') {
            depth--;
          }
        }
        j++;
      }
      if (depth == 0 && (b[j] == ',' || b[j] == '}')) {
        return j;
      }
    }
  }
}
