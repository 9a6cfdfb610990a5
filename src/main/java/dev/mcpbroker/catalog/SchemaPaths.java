package dev.mcpbroker.catalog;

import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Spells locations for people ({@code shipping.lines[0].sku}) and for pointers. */
final class SchemaPaths {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_$-]{1,64}");
  private static final int MAX_NAME = 64;

  private SchemaPaths() {}

  /** The segments of a validator path; array indexes become {@link Integer}s. */
  static List<Object> segments(NodePath path) {
    List<Object> out = new ArrayList<>(path.getNameCount());
    for (int i = 0; i < path.getNameCount(); i++) {
      out.add(path.getElement(i));
    }
    return out;
  }

  /** A dotted path; names that are not plain, or are long, are quoted and cut. */
  static String dotted(List<?> segments) {
    StringBuilder b = new StringBuilder();
    for (Object s : segments) {
      if (s instanceof Integer i) {
        b.append('[').append(i).append(']');
      } else if (PLAIN.matcher(s.toString()).matches()) {
        b.append(b.length() == 0 ? "" : ".").append(s);
      } else {
        String name = s.toString();
        String cut = name.length() > MAX_NAME ? name.substring(0, MAX_NAME) + "..." : name;
        b.append('[').append(new TextNode(cut)).append(']');
      }
    }
    return b.toString();
  }

  /** An RFC 6901 JSON pointer. */
  static String pointer(List<?> segments) {
    StringBuilder b = new StringBuilder();
    for (Object s : segments) {
      b.append('/').append(s.toString().replace("~", "~0").replace("/", "~1"));
    }
    return b.toString();
  }
}
