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
    String[] ownKeys = {"prev", "seq", "time"};
    String[] ownValues = {'"' + prevHex + '"', Long.toString(seq), '"' + TIME.format(time) + '"'};
    ByteArrayOutputStream out = new ByteArrayOutputStream(p.body().length + 140);
    out.write('{');
    int own = 0;
    boolean first = true;
    for (int m = 0; m <= p.keys().size(); m++) {
      while (own < 3 && (m == p.keys().size() || ownKeys[own].compareTo(p.keys().get(m)) < 0)) {
        first = comma(out, first);
        out.writeBytes(('"' + ownKeys[own] + "\":" + ownValues[own]).getBytes(StandardCharsets.UTF_8));
        own++;
      }
      if (m < p.keys().size()) {
        first = comma(out, first);
        out.write(p.body(), p.starts()[m], p.ends()[m] - p.starts()[m]);
      }
    }
    out.write('}');
    return out.toByteArray();
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
