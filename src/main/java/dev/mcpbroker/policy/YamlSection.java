package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one mapping of the policy file: rejects keys it does not know (a typo in a policy must not
 * silently widen it) and reads typed values whose errors name the path, the value and the line.
 */
final class YamlSection {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  final PolicyYaml yaml;
  final String path;
  final JsonNode node;

  private YamlSection(PolicyYaml yaml, String path, JsonNode node) {
    this.yaml = yaml;
    this.path = path;
    this.node = node;
  }

  /** Opens the mapping at {@code path}, rejecting any key not in {@code allowed}. */
  static YamlSection of(PolicyYaml yaml, String path, JsonNode node, Set<String> allowed) {
    if (node == null || !node.isObject()) {
      throw yaml.error(path, describe(node) + " (expected: a mapping of " + String.join(", ", allowed) + ")");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw yaml.error(PolicyYaml.child(path, k),
            "unknown key (expected one of: " + String.join(", ", allowed) + ")");
      }
    }
    return new YamlSection(yaml, path, node);
  }

  /** Opens a nested mapping, or returns {@code null} when the key is absent. */
  YamlSection section(String key, Set<String> allowed) {
    JsonNode v = node.get(key);
    return v == null ? null : of(yaml, at(key), v, allowed);
  }

  String at(String key) {
    return PolicyYaml.child(path, key);
  }

  JsonNode get(String key) {
    return node.get(key);
  }

  boolean has(String key) {
    return node.has(key);
  }

  PolicyException error(String key, String detail) {
    return yaml.error(at(key), detail);
  }

  String text(String key, String expected) {
    String v = optionalText(key, expected);
    if (v == null || v.isEmpty()) {
      throw error(key, (v == null ? "missing" : "\"\"") + " (expected: " + expected + ")");
    }
    return v;
  }

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

  boolean bool(String key, boolean dflt) {
    JsonNode v = node.get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw error(key, describe(v) + " (expected: true or false)");
    }
    return v.booleanValue();
  }

  long positiveLong(String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() <= 0) {
      throw error(key, describe(v) + " (expected: a positive whole number)");
    }
    return v.asLong();
  }

  /** A decimal written as a string, such as {@code "500.00"}: money is never a binary float. */
  BigDecimal decimal(String key) {
    JsonNode v = node.get(key);
    String expected = "a decimal string such as \"500.00\"";
    if (v == null || !v.isTextual()) {
      throw error(key, describe(v) + " (expected: " + expected + ")");
    }
    try {
      return new BigDecimal(v.asText());
    } catch (NumberFormatException e) {
      throw error(key, describe(v) + " (expected: " + expected + ")");
    }
  }

  Duration duration(String key, Duration dflt) {
    JsonNode v = node.get(key);
    if (v == null) {
      return dflt;
    }
    Matcher m = v.isTextual() ? DURATION.matcher(v.asText()) : null;
    if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw error(key, describe(v) + " (expected: a positive duration like 500ms, 30s, 10m, 1h or 1d)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** A list of non-empty strings, empty when absent. */
  List<String> strings(String key, String expected) {
    JsonNode v = node.get(key);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      throw error(key, describe(v) + " (expected: a list of " + expected + ")");
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual() || v.get(i).asText().isEmpty()) {
        throw yaml.error(PolicyYaml.index(at(key), i), describe(v.get(i)) + " (expected: " + expected + ")");
      }
      out.add(v.get(i).asText());
    }
    return out;
  }

  /** A mapping of string to non-empty string (e.g. CEL expressions), empty when absent. */
  Map<String, String> stringMap(String key, String expected) {
    JsonNode v = node.get(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      throw error(key, describe(v) + " (expected: a mapping of name to " + expected + ")");
    }
    v.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual() || e.getValue().asText().isEmpty()) {
        throw yaml.error(PolicyYaml.child(at(key), e.getKey()),
            describe(e.getValue()) + " (expected: " + expected + ")");
      }
      out.put(e.getKey(), e.getValue().asText());
    });
    return out;
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
