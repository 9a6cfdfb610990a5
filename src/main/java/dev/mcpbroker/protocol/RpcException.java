package dev.mcpbroker.protocol;

/**
 * Signals that a request is answered with a JSON-RPC error: an expected outcome carrying a stable
 * code and a message for the client, so it has no stack trace.
 */
public final class RpcException extends RuntimeException {
  private final int code;

  public RpcException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /**
   * Passes on the {@code error} object of an upstream's JSON-RPC response: its code and message
   * reach the client as the upstream sent them.
   */
  public static RpcException fromUpstream(com.fasterxml.jackson.databind.JsonNode error) {
    return new RpcException(error.path("code").asInt(JsonRpc.INTERNAL_ERROR), error.path("message").asText("upstream error"));
  }

  public int code() {
    return code;
  }
}
