package dev.mcpbroker.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns validator errors into messages that name the field, the value where short, and the
 * expectation: {@code amount: 900 (expected: <= 500)}. Values of redacted top-level fields are
 * never echoed; long values are described, not quoted.
 */
final class SchemaMessages {
  static final int MAX_MESSAGES = 20;
  private static final int MAX_VALUE = 40;

  private final Map<List<String>, List<String>> knownNames;
  private final Set<String> redacted;

  SchemaMessages(Map<List<String>, List<String>> knownNames, Set<String> redacted) {
    this.knownNames = knownNames;
    this.redacted = redacted;
  }

  List<String> format(List<Error> errors) {
    List<List<Object>> paths = new ArrayList<>();
    for (Error e : errors) {
      List<Object> at = SchemaPaths.segments(e.getInstanceLocation());
      if (e.getProperty() != null) {
        at.add(e.getProperty());
      }
      paths.add(at);
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < errors.size(); i++) {
      Error e = errors.get(i);
      if (!isUnknownField(e) || !explainedElsewhere(i, errors, paths)) {
        out.add(message(e, paths.get(i)));
      }
    }
    List<String> list = new ArrayList<>(out);
    if (list.size() > MAX_MESSAGES) {
      int more = list.size() - MAX_MESSAGES;
      list = new ArrayList<>(list.subList(0, MAX_MESSAGES));
      list.add("... and " + more + " more");
    }
    return List.copyOf(list);
  }

  private String message(Error e, List<Object> at) {
    String field = at.isEmpty() ? "arguments" : SchemaPaths.dotted(at);
    String kw = e.getKeyword();
    JsonNode s = e.getSchemaNode();
    if ("required".equals(kw)) {
      return field + ": required";
    }
    if (isUnknownField(e)) {
      List<String> schemaAt =
          SchemaPaths.segments(e.getSchemaLocation().getFragment()).stream()
              .map(Object::toString)
              .collect(Collectors.toList());
      List<String> known =
          knownNames.getOrDefault(schemaAt.subList(0, schemaAt.size() - 1), List.of());
      return field
          + ": unknown field ("
          + (known.isEmpty()
              ? "expected: no fields"
              : "expected one of: " + String.join(", ", known))
          + ")";
    }
    String expected =
        switch (kw == null ? "" : kw) {
          case "type" -> s.isArray() ? join(s, " or ", false) : s.asText();
          case "maximum" -> "<= " + s;
          case "minimum" -> ">= " + s;
          case "exclusiveMaximum" -> "< " + s;
          case "exclusiveMinimum" -> "> " + s;
          case "maxLength" -> "at most " + s + " characters";
          case "minLength" -> "at least " + s + " characters";
          case "maxItems" -> "at most " + s + " items";
          case "minItems" -> "at least " + s + " items";
          case "maxProperties" -> "at most " + s + " fields";
          case "minProperties" -> "at least " + s + " fields";
          case "pattern" -> "matching " + s.asText();
          case "multipleOf" -> "a multiple of " + s;
          case "const" -> render(s);
          case "uniqueItems" -> "unique items";
          case "format" -> "format " + s.asText();
          case "false" -> "no value; this field is not allowed";
          default -> null;
        };
    String value = value(e.getInstanceNode(), at);
    if ("enum".equals(kw)) {
      return field + ": " + value + " (expected one of: " + join(s, ", ", true) + ")";
    }
    return field
        + ": "
        + value
        + " ("
        + (expected == null ? kw + ": " + e.getMessage() : "expected: " + expected)
        + ")";
  }

  private static boolean isUnknownField(Error e) {
    return ("unevaluatedProperties".equals(e.getKeyword())
            || "additionalProperties".equals(e.getKeyword()))
        && e.getProperty() != null;
  }

  /**
   * A declared property whose value failed is also "unevaluated", because failed subschemas drop
   * their annotations (JSON Schema 2020-12 core 11.3). Its real problem is reported at or below it,
   * so the misleading "unknown field" twin is left out.
   */
  private static boolean explainedElsewhere(int i, List<Error> errors, List<List<Object>> paths) {
    List<Object> at = paths.get(i);
    for (int j = 0; j < errors.size(); j++) {
      List<Object> other = paths.get(j);
      if (j != i
          && startsWith(other, at)
          && (other.size() > at.size() || !isUnknownField(errors.get(j)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(List<Object> path, List<Object> prefix) {
    return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  private String value(JsonNode v, List<Object> at) {
    if (!at.isEmpty() && redacted.contains(at.get(0).toString())) {
      return "<redacted>";
    }
    if (v == null || v.isMissingNode()) {
      return "missing";
    }
    if (v.isObject()) {
      return "an object";
    }
    if (v.isArray()) {
      return "an array of " + v.size() + " items";
    }
    String json = render(v);
    if (json.length() <= MAX_VALUE) {
      return json;
    }
    return v.isTextual()
        ? "a string of " + v.asText().length() + " characters"
        : "a number of " + json.length() + " characters";
  }

  private static String render(JsonNode v) {
    return v.toString();
  }

  private static String join(JsonNode list, String separator, boolean json) {
    List<String> parts = new ArrayList<>();
    list.forEach(n -> parts.add(json ? render(n) : n.asText()));
    return String.join(separator, parts);
  }
}
