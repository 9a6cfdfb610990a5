package dev.mcpbroker.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one mapping of the catalog: rejects keys it does not know (a typo must not silently widen
 * anything) and reads typed values whose errors name the path and the line.
 */
final class YamlMap {
  private final YamlTree tree;
  private final List<Object> path;
  private final JsonNode node;

  private YamlMap(YamlTree tree, List<Object> path, JsonNode node) {
    this.tree = tree;
    this.path = path;
    this.node = node;
  }

  static YamlMap of(YamlTree tree, List<Object> path, JsonNode node, Set<String> allowed) {
    if (node == null || !node.isObject()) {
      throw tree.error(
          path, describe(node) + " (expected: a mapping of " + String.join(", ", allowed) + ")");
    }
    YamlMap map = new YamlMap(tree, path, node);
    node.fieldNames()
        .forEachRemaining(
            k -> {
              if (!allowed.contains(k)) {
                throw tree.error(
                    map.path(k),
                    "unknown key (expected one of: " + String.join(", ", allowed) + ")");
              }
            });
    return map;
  }

  List<Object> path() {
    return path;
  }

  List<Object> path(Object key) {
    List<Object> out = new ArrayList<>(path);
    out.add(key);
    return out;
  }

  /** The raw value, or {@code null} when the key is absent. */
  JsonNode get(String key) {
    return node.get(key);
  }

  /** A required string; {@code expected} says what a good one looks like. */
  String text(String key, String expected) {
    String value = optionalText(key, expected);
    if (value == null) {
      throw tree.error(path(key), "missing (expected: " + expected + ")");
    }
    return value;
  }

  /** An optional string, {@code null} when absent. Numbers and booleans are not strings. */
  String optionalText(String key, String expected) {
    JsonNode v = node.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw error(key, describe(v) + " (expected: " + expected + ")");
    }
    return v.asText();
  }

  CatalogException error(Object key, String detail) {
    return tree.error(path(key), detail);
  }

  /** A short rendering of a value for messages. */
  static String describe(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "missing";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    String s = v.toString();
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
