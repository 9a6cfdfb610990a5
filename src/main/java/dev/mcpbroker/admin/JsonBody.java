package dev.mcpbroker.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.Json;
import java.io.IOException;

/**
 * Reads an admin request's JSON body: an object whose fields are checked one by one, each problem
 * reported as {@link BadRequest} naming the field, the value and what was expected. Unknown fields
 * are ignored, as on any wire.
 */
final class JsonBody {
  private final ObjectNode node;

  private JsonBody(ObjectNode node) {
    this.node = node;
  }

  /** An input problem; its message names the field. */
  static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  static JsonBody parse(byte[] body) {
    if (body.length == 0) {
      throw new BadRequest("body: empty (expected: a JSON object)");
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest("body: not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new BadRequest("body: unreadable");
    }
    if (!(n instanceof ObjectNode o)) {
      throw new BadRequest("body: " + (n == null ? "empty" : n.getNodeType().toString().toLowerCase())
          + " (expected: a JSON object)");
    }
    return new JsonBody(o);
  }

  /** A required non-blank string field. */
  String text(String field, String expected) {
    String v = optionalText(field, expected);
    if (v == null) {
      throw new BadRequest(field + ": missing (expected: " + expected + ")");
    }
    return v;
  }

  /** An optional non-blank string field; null when absent. */
  String optionalText(String field, String expected) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new BadRequest(field + ": " + abbreviate(v.toString()) + " (expected: " + expected + ")");
    }
    return v.asText();
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
