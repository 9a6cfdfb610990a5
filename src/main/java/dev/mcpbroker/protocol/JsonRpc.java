package dev.mcpbroker.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.Json;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;

/** Builds JSON-RPC 2.0 messages with the MCP SDK's schema types, and names the error codes. */
public final class JsonRpc {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;
  /** MCP server/resources: a resource that does not exist. */
  public static final int RESOURCE_NOT_FOUND = -32002;

  private JsonRpc() {}

  /**
   * Returns an error response. A null {@code id} (the request's id could not be read) is written
   * as {@code "id": null} as JSON-RPC 2.0 section 5.1 requires; the SDK's record cannot carry it.
   */
  public static Object error(Object id, int code, String message) {
    if (id == null || id instanceof NullNode) {
      ObjectNode node = Json.NODES.objectNode().put("jsonrpc", McpSchema.JSONRPC_VERSION).putNull("id");
      node.putObject("error").put("code", code).put("message", message);
      return node;
    }
    return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id(id), null, new JSONRPCError(code, message, null));
  }

  /** Returns a success response carrying {@code result}. */
  public static JSONRPCResponse result(Object id, Object result) {
    return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id(id), result, null);
  }

  /** Converts an id read from the wire into the String or Long the SDK's records accept. */
  static Object id(Object id) {
    if (id instanceof JsonNode node) {
      if (node.isTextual()) {
        return node.asText();
      }
      return node.asLong(); // Decoded admits only strings and 64-bit integers
    }
    return id;
  }

  /** Returns a notification. */
  public static McpSchema.JSONRPCNotification notification(String method, Object params) {
    return new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, method, params);
  }

  /** Returns a request. */
  public static McpSchema.JSONRPCRequest request(Object id, String method, Object params) {
    return new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, method, id, params);
  }
}
