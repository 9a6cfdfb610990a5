package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.NullValue;
import dev.mcpbroker.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Converts JSON to the Java values CEL evaluates over (maps, lists, strings, longs, doubles,
 * booleans, null) and CEL results back to JSON for rewrites.
 */
final class CelValues {
  private CelValues() {}

  static Object toCel(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : (Object) n.doubleValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isArray()) {
      List<Object> out = new ArrayList<>(n.size());
      n.forEach(e -> out.add(toCel(e)));
      return out;
    }
    if (n.isObject()) {
      return toCelMap((ObjectNode) n);
    }
    return n.asText();
  }

  static Map<String, Object> toCelMap(ObjectNode o) {
    Map<String, Object> out = new HashMap<>(Math.max(4, o.size() * 2));
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), toCel(e.getValue()));
    }
    return out;
  }

  /** Converts a CEL result to JSON, or fails for values JSON cannot hold (bytes, types). */
  static JsonNode toJson(Object v) {
    if (v == null || v instanceof NullValue || v instanceof com.google.protobuf.NullValue) {
      return Json.NODES.nullNode();
    }
    if (v instanceof String s) {
      return Json.NODES.textNode(s);
    }
    if (v instanceof Boolean b) {
      return Json.NODES.booleanNode(b);
    }
    if (v instanceof Long l) {
      return Json.NODES.numberNode(l);
    }
    if (v instanceof UnsignedLong u) {
      return Json.NODES.numberNode(u.bigIntegerValue());
    }
    if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new IllegalArgumentException(d + " (expected: a finite number)");
      }
      return Json.NODES.numberNode(d);
    }
    if (v instanceof Instant t) {
      return Json.NODES.textNode(t.toString());
    }
    if (v instanceof List<?> list) {
      ArrayNode a = Json.NODES.arrayNode();
      list.forEach(e -> a.add(toJson(e)));
      return a;
    }
    if (v instanceof Map<?, ?> map) {
      ObjectNode o = Json.NODES.objectNode();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String k)) {
          throw new IllegalArgumentException("map key " + e.getKey() + " (expected: a string)");
        }
        o.set(k, toJson(e.getValue()));
      }
      return o;
    }
    throw new IllegalArgumentException("a " + v.getClass().getSimpleName() + " (expected: a JSON value)");
  }
}
