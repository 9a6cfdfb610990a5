package dev.mcpbroker.audit;

import dev.mcpbroker.json.CanonicalJson;
import dev.mcpbroker.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns an {@link AuditEvent} into the canonical bytes of a log entry.
 *
 * <p>Design note: RFC 8785 canonicalization is the expensive part, and the log's single writer
 * thread must not pay for it. So the caller's thread writes the event alone in canonical form,
 * noting where each top-level member lies ({@link Prepared}); the writer then only merges in the three
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

  /**
   * Writes the event's members in canonical form, in key order, straight from its fields (no JSON
   * tree, no sort, no second pass to find the members again). The key order is fixed below; the
   * entry tests check it against canonicalizing the whole entry.
   */
  static Prepared prepare(AuditEvent e) {
    Members m = new Members();
    m.string("action_token_id", e.actionTokenId());
    if (e.arguments() != null) {
      CanonicalJson.write(e.arguments(), m.key("arguments"));
    }
    m.string("decision", e.decision() == null ? null : e.decision().wire());
    if (e.details() != null) {
      CanonicalJson.write(e.details(), m.key("details"));
    }
    if (e.latencyMs() != null) {
      CanonicalJson.write(Json.NODES.numberNode(e.latencyMs()), m.key("latency_ms"));
    }
    m.string("policy_version", e.policyVersion());
    if (e.principal() != null) {
      principal(e.principal(), m.key("principal"));
    }
    m.string("reason", e.reason());
    if (e.ruleIds() != null) {
      strings(e.ruleIds(), m.key("rule_ids"));
    }
    m.string("session", e.session());
    m.string("tool", e.tool());
    m.string("type", e.type().wire());
    m.string("upstream_outcome", e.upstreamOutcome());
    return m.prepared();
  }

  /** {@code {"actor_history":[...],"agent":...,"subject":...}}, members in key order. */
  private static void principal(AuditEvent.Principal p, StringBuilder out) {
    out.append('{');
    boolean first = true;
    if (p.actorHistory() != null) {
      out.append("\"actor_history\":");
      strings(p.actorHistory(), out);
      first = false;
    }
    for (String[] member : new String[][] {{"agent", p.agent()}, {"subject", p.subject()}}) {
      if (member[1] != null) {
        if (!first) {
          out.append(',');
        }
        CanonicalJson.string(member[0], out);
        out.append(':');
        CanonicalJson.string(member[1], out);
        first = false;
      }
    }
    out.append('}');
  }

  private static void strings(List<String> values, StringBuilder out) {
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      CanonicalJson.string(values.get(i), out);
    }
    out.append(']');
  }

  /** Collects the top-level members of one entry, each added in key order, and where each one lies. */
  private static final class Members {
    private final StringBuilder out = new StringBuilder(256).append('{');
    private final List<String> keys = new ArrayList<>(13);
    private final int[] starts = new int[13];
    private final int[] ends = new int[13];

    /** Starts the member {@code key} (after the previous one, which must sort before it); returns where its value goes. */
    StringBuilder key(String key) {
      int n = keys.size();
      if (n > 0) {
        ends[n - 1] = out.length();
        out.append(',');
      }
      starts[n] = out.length();
      keys.add(key);
      out.append('"').append(key).append("\":"); // every key is lowercase ASCII: nothing to escape
      return out;
    }

    void string(String key, String value) {
      if (value != null) {
        CanonicalJson.string(value, key(key));
      }
    }

    Prepared prepared() {
      int n = keys.size();
      if (n > 0) {
        ends[n - 1] = out.length();
      }
      out.append('}');
      byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
      int[] s = Arrays.copyOf(starts, n);
      int[] e = Arrays.copyOf(ends, n);
      if (body.length != out.length()) {
        // not all ASCII: the spans above count chars; the writer splices bytes
        for (int i = 0; i < n; i++) {
          s[i] = utf8Length(s[i]);
          e[i] = utf8Length(e[i]);
        }
      }
      return new Prepared(body, keys, s, e);
    }

    private int utf8Length(int chars) {
      return out.substring(0, chars).getBytes(StandardCharsets.UTF_8).length;
    }
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

  private static boolean comma(ByteArrayOutputStream out, boolean first) {
    if (!first) {
      out.write(',');
    }
    return false;
  }
}
