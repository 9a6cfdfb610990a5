package dev.mcpbroker.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.concurrent.CompletableFuture;

/**
 * Gives MCP methods their meaning. The endpoint owns HTTP, sessions and JSON-RPC framing; the
 * dispatcher answers what a decoded message asks for.
 */
public interface Dispatcher {

  /** The capabilities announced in the initialize result. */
  McpSchema.ServerCapabilities capabilities();

  /**
   * Answers a request. The future yields the {@code result} object or fails with {@link
   * RpcException}; messages that belong to the request go to {@code reply.send}.
   */
  CompletableFuture<Object> request(ClientSession session, Call call, Reply reply);

  /** Handles a client notification (cancellation is handled by the endpoint). */
  void notification(ClientSession session, String method, JsonNode params);

  /** Called when the client has opened its listening stream. */
  void listening(ClientSession session);

  /**
   * A decoded request.
   *
   * @param id the client's id, as received
   * @param method the method name
   * @param params the params object (an empty object when absent)
   * @param principal who sent this request (verified on this very request)
   * @param onCancel where the dispatcher registers how to stop this request's work
   */
  record Call(JsonNode id, String method, ObjectNode params, dev.mcpbroker.identity.Principal principal,
      CancelRegistry onCancel) {}

  /** Lets a request register what to do when the client cancels it. */
  interface CancelRegistry {
    void register(java.util.function.Consumer<String> cancel);
  }
}
