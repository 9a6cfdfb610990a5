package dev.mcpbroker.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import org.erdtman.jcs.NumberToJSON;

/** Serializes JSON in RFC 8785 canonical form and digests it, so that hashes are reproducible. */
public final class CanonicalJson {
  private CanonicalJson() {}

  /**
   * Returns the RFC 8785 canonical UTF-8 bytes of {@code node}, written straight from the tree:
   * members sorted by UTF-16 code units, strings escaped as ECMAScript's JSON.stringify does, and
   * numbers as IEEE 754 doubles in ECMAScript's shortest form (erdtman's {@code NumberToJSON}, the
   * reference implementation's). A call digests its arguments several times (schema check,
   * obligations, action token, audit), so this no longer serializes, re-parses and re-serializes.
   *
   * @throws IllegalArgumentException for a number JSON cannot hold (NaN, infinite)
   */
  public static byte[] canonicalize(JsonNode node) {
    StringBuilder out = new StringBuilder(128);
    write(node, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Appends the RFC 8785 form of {@code node} to {@code out}, for a caller that assembles a larger
   * canonical document member by member (the audit entry).
   *
   * @throws IllegalArgumentException for a number JSON cannot hold (NaN, infinite)
   */
  public static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        String[] names = new String[node.size()];
        int i = 0;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names[i++] = it.next();
        }
        Arrays.sort(names); // String order is UTF-16 code unit order, as RFC 8785 §3.2.3 asks
        out.append('{');
        for (int k = 0; k < names.length; k++) {
          if (k > 0) {
            out.append(',');
          }
          string(names[k], out);
          out.append(':');
          write(node.get(names[k]), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int k = 0; k < node.size(); k++) {
          if (k > 0) {
            out.append(',');
          }
          write(node.get(k), out);
        }
        out.append(']');
      }
      case STRING -> string(node.textValue(), out);
      case NUMBER -> number(node, out);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL, MISSING -> out.append("null");
      default -> throw new IllegalArgumentException("not canonicalizable JSON: a " + node.getNodeType() + " node");
    }
  }

  private static void number(JsonNode node, StringBuilder out) {
    if (node.isInt() || (node.isLong() && Math.abs(node.longValue()) <= (1L << 53))) {
      out.append(node.longValue()); // exact as a double, and ECMAScript prints such integers plainly
      return;
    }
    double d = node.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("not canonicalizable JSON: the number " + node.asText()
          + " (expected: a finite IEEE 754 double)");
    }
    try {
      out.append(NumberToJSON.serializeNumber(d));
    } catch (IOException e) {
      throw new IllegalArgumentException("not canonicalizable JSON: the number " + node.asText(), e);
    }
  }

  /** Appends {@code s} as an RFC 8785 string (§3.2.2.2: only the quote, backslash and controls are escaped). */
  public static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Returns the lowercase hex SHA-256 of the canonical form of {@code node}. */
  public static String sha256Hex(JsonNode node) {
    return sha256Hex(canonicalize(node));
  }

  /** Returns the lowercase hex SHA-256 of {@code canonical}, bytes {@link #canonicalize} returned. */
  public static String sha256Hex(byte[] canonical) {
    return HexFormat.of().formatHex(sha256(canonical));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
