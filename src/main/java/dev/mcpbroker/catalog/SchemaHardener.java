package dev.mcpbroker.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes a copy of a tool's input schema reject unknown properties, and checks what the JSON Schema
 * meta-schema cannot (local references only, known formats).
 *
 * <p>Design note. Putting {@code unevaluatedProperties: false} on every object subschema would
 * break composition: each {@code allOf} branch would reject the properties of the others. So the
 * walk tells apart subschemas that apply to a <em>new instance location</em> (the root and the
 * values of {@code properties}, {@code items}, {@code additionalProperties}, ...) from those that
 * apply <em>in place</em> ({@code allOf}/{@code anyOf}/{@code oneOf}/{@code not}/{@code if}/{@code
 * then}/{@code else}/{@code dependentSchemas}, and {@code $defs} entries reached by {@code $ref}).
 * Only the former are hardened, and {@code unevaluatedProperties} is the keyword that sees through
 * in-place applicators and references, so one closed door per instance location admits exactly the
 * properties declared anywhere in its composition. A location is hardened when it looks like an
 * object (it or an in-place part has {@code properties} or {@code type: object}) and neither it
 * declares {@code additionalProperties}, {@code unevaluatedProperties} nor {@code
 * patternProperties}: those are the author's explicit choice.
 */
final class SchemaHardener {
  private static final Set<String> NEW_LOCATION_ONE =
      Set.of(
          "additionalProperties",
          "unevaluatedProperties",
          "propertyNames",
          "items",
          "contains",
          "unevaluatedItems");
  private static final Set<String> NEW_LOCATION_MAP = Set.of("properties", "patternProperties");
  private static final Set<String> NEW_LOCATION_LIST = Set.of("prefixItems");
  private static final Set<String> IN_PLACE_ONE = Set.of("not", "if", "then", "else");
  private static final Set<String> IN_PLACE_LIST = Set.of("allOf", "anyOf", "oneOf");
  private static final Set<String> IN_PLACE_MAP = Set.of("dependentSchemas");
  private static final Set<String> DEFINITIONS = Set.of("$defs", "definitions");
  private static final Set<String> EXPLICIT =
      Set.of("additionalProperties", "unevaluatedProperties", "patternProperties");
  // the formats the validator asserts for draft 2020-12; any other name would silently pass
  static final Set<String> FORMATS =
      Set.of(
          "date-time",
          "date",
          "time",
          "duration",
          "email",
          "idn-email",
          "hostname",
          "idn-hostname",
          "ipv4",
          "ipv6",
          "uri",
          "uri-reference",
          "iri",
          "iri-reference",
          "uri-template",
          "json-pointer",
          "relative-json-pointer",
          "regex",
          "uuid");

  private final ObjectNode root;
  private final Map<List<String>, List<String>> knownNames = new HashMap<>();

  private SchemaHardener(ObjectNode root) {
    this.root = root;
  }

  /** The hardened copy and, per schema location that closes an object, its declared names. */
  record Result(ObjectNode schema, Map<List<String>, List<String>> knownNames, Set<String> top) {}

  static Result harden(ObjectNode original) {
    SchemaHardener h = new SchemaHardener(original.deepCopy());
    h.walk(h.root, List.of(), true);
    Set<String> top = new LinkedHashSet<>();
    h.collectNames(h.root, true, top, Collections.newSetFromMap(new IdentityHashMap<>()));
    return new Result(h.root, Map.copyOf(h.knownNames), Collections.unmodifiableSet(top));
  }

  private void walk(JsonNode node, List<String> at, boolean newLocation) {
    if (!(node instanceof ObjectNode schema)) {
      return; // boolean schemas; anything else the meta-schema has already rejected
    }
    check(schema, at);
    if (newLocation
        && EXPLICIT.stream().noneMatch(schema::has)
        && looksLikeObject(schema, Collections.newSetFromMap(new IdentityHashMap<>()))) {
      schema.set("unevaluatedProperties", BooleanNode.FALSE);
    }
    noteKnownNames(schema, at);
    for (Map.Entry<String, JsonNode> e : schema.properties()) {
      String k = e.getKey();
      JsonNode v = e.getValue();
      if (NEW_LOCATION_ONE.contains(k) || IN_PLACE_ONE.contains(k)) {
        walk(v, append(at, k), NEW_LOCATION_ONE.contains(k));
      } else if (NEW_LOCATION_MAP.contains(k)
          || IN_PLACE_MAP.contains(k)
          || DEFINITIONS.contains(k)) {
        boolean moves = NEW_LOCATION_MAP.contains(k);
        v.properties().forEach(c -> walk(c.getValue(), append(at, k, c.getKey()), moves));
      } else if (NEW_LOCATION_LIST.contains(k) || IN_PLACE_LIST.contains(k)) {
        for (int i = 0; i < v.size(); i++) {
          walk(v.get(i), append(at, k, Integer.toString(i)), NEW_LOCATION_LIST.contains(k));
        }
      }
    }
  }

  private static void check(ObjectNode schema, List<String> at) {
    for (String ref : List.of("$ref", "$dynamicRef")) {
      JsonNode v = schema.get(ref);
      if (v != null && !v.asText().startsWith("#")) {
        throw invalid(at, ref, v, "a local reference starting with #");
      }
    }
    if (schema.has("$id")) {
      throw invalid(at, "$id", schema.get("$id"), "no $id; a tool schema is one document");
    }
    if (!at.isEmpty() && schema.has("$schema")) {
      throw invalid(at, "$schema", schema.get("$schema"), "$schema only at the top");
    }
    JsonNode format = schema.get("format");
    if (format != null && !FORMATS.contains(format.asText())) {
      throw invalid(at, "format", format, "one of " + String.join(", ", new TreeSet<>(FORMATS)));
    }
  }

  private static CatalogException invalid(
      List<String> at, String key, JsonNode v, String expected) {
    List<String> where = append(at, key);
    return new CatalogException(
        SchemaPaths.dotted(where) + ": " + v + " (expected: " + expected + ")",
        SchemaPaths.pointer(where),
        null);
  }

  private boolean looksLikeObject(JsonNode node, Set<JsonNode> seen) {
    if (!(node instanceof ObjectNode schema) || !seen.add(schema)) {
      return false;
    }
    if (schema.has("properties") || typeIncludesObject(schema.get("type"))) {
      return true;
    }
    return inPlaceParts(schema, true).stream().anyMatch(p -> p == null || looksLikeObject(p, seen));
  }

  private static boolean typeIncludesObject(JsonNode type) {
    if (type == null) {
      return false;
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if ("object".equals(t.asText())) {
          return true;
        }
      }
      return false;
    }
    return "object".equals(type.asText());
  }

  /**
   * The subschemas applied to the same instance; {@code null} for a reference not followed. {@code
   * not} never contributes evaluated properties, so names leave it out.
   */
  private List<JsonNode> inPlaceParts(ObjectNode schema, boolean withNot) {
    List<JsonNode> parts = new ArrayList<>();
    IN_PLACE_ONE.forEach(
        k -> {
          if (schema.has(k) && (withNot || !k.equals("not"))) {
            parts.add(schema.get(k));
          }
        });
    for (String k : IN_PLACE_LIST) {
      schema.path(k).forEach(parts::add);
    }
    for (String k : IN_PLACE_MAP) {
      schema.path(k).forEach(parts::add);
    }
    for (String ref : List.of("$ref", "$dynamicRef")) {
      if (schema.has(ref)) {
        parts.add(resolve(schema.get(ref).asText()));
      }
    }
    return parts;
  }

  private JsonNode resolve(String ref) {
    if (!ref.startsWith("#/") && !ref.equals("#")) {
      return null; // an anchor: treated as "may be an object", which hardens rather than opens
    }
    JsonNode target = root.at(ref.substring(1));
    return target.isMissingNode() ? null : target;
  }

  private void noteKnownNames(ObjectNode schema, List<String> at) {
    Set<String> names = new LinkedHashSet<>();
    if (schema.path("unevaluatedProperties").equals(BooleanNode.FALSE)) {
      collectNames(schema, true, names, Collections.newSetFromMap(new IdentityHashMap<>()));
    } else if (schema.path("additionalProperties").equals(BooleanNode.FALSE)) {
      collectNames(schema, false, names, Collections.newSetFromMap(new IdentityHashMap<>()));
    } else {
      return;
    }
    knownNames.put(at, List.copyOf(names));
  }

  private void collectNames(JsonNode node, boolean inPlace, Set<String> names, Set<JsonNode> seen) {
    if (node instanceof ObjectNode schema && seen.add(schema)) {
      schema.path("properties").fieldNames().forEachRemaining(names::add);
      if (inPlace) {
        inPlaceParts(schema, false).forEach(p -> collectNames(p, true, names, seen));
      }
    }
  }

  private static List<String> append(List<String> at, String... more) {
    List<String> out = new ArrayList<>(at);
    Collections.addAll(out, more);
    return List.copyOf(out);
  }
}
