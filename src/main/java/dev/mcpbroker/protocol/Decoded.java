package dev.mcpbroker.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.Json;

/** Classifies one JSON-RPC 2.0 message as a request, notification, response or invalid input. */
sealed interface Decoded {

  record Request(JsonNode id, String method, ObjectNode params) implements Decoded {}

  record Notification(String method, ObjectNode params) implements Decoded {}

  record Response(JsonNode id, ObjectNode message) implements Decoded {}

  /** Not a valid message; {@code id} is echoed when it could be read. */
  record Invalid(JsonNode id, int code, String message) implements Decoded {}

  static Decoded of(JsonNode body) {
    if (body.isArray()) {
      return new Invalid(null, JsonRpc.INVALID_REQUEST,
          "body: a JSON-RPC batch (expected: a single message; MCP 2025-06-18 removed batching)");
    }
    if (!(body instanceof ObjectNode message)) {
      return new Invalid(null, JsonRpc.INVALID_REQUEST, "body: " + body.getNodeType() + " (expected: a JSON-RPC object)");
    }
    JsonNode id = message.get("id");
    JsonNode validId = id != null && (id.isTextual() || (id.isIntegralNumber() && id.canConvertToLong())) ? id : null;
    if (!"2.0".equals(message.path("jsonrpc").asText(null))) {
      return new Invalid(validId, JsonRpc.INVALID_REQUEST, "jsonrpc: " + message.get("jsonrpc") + " (expected: \"2.0\")");
    }
    if (id != null && validId == null) {
      return new Invalid(null, JsonRpc.INVALID_REQUEST, "id: " + id + " (expected: a string or a 64-bit integer)");
    }
    JsonNode method = message.get("method");
    if (method == null) {
      boolean result = message.has("result");
      boolean error = message.has("error");
      if (validId != null && result != error) {
        return new Response(validId, message);
      }
      return new Invalid(validId, JsonRpc.INVALID_REQUEST,
          "message: neither a request (method) nor a response (id with result or error)");
    }
    if (!method.isTextual() || method.asText().isEmpty()) {
      return new Invalid(validId, JsonRpc.INVALID_REQUEST, "method: " + method + " (expected: a non-empty string)");
    }
    JsonNode params = message.get("params");
    ObjectNode paramsObject;
    if (params == null || params.isNull()) {
      paramsObject = Json.NODES.objectNode();
    } else if (params instanceof ObjectNode o) {
      paramsObject = o;
    } else {
      return new Invalid(validId, JsonRpc.INVALID_PARAMS, "params: " + params.getNodeType() + " (expected: an object)");
    }
    return validId == null
        ? new Notification(method.asText(), paramsObject)
        : new Request(validId, method.asText(), paramsObject);
  }
}
