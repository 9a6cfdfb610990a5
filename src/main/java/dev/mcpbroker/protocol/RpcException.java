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

  public int code() {
    return code;
  }
}
