package dev.mcpbroker.protocol;

import java.util.Map;

/**
 * Answers one JSON-RPC request. It starts as a plain {@code application/json} answer and turns
 * into an SSE stream only when something must be sent before the response (progress, logging, a
 * sampling request), so that the common call costs one JSON body and the rare one still streams.
 */
public final class Reply {
  private final Exchange exchange;
  private final boolean sseAccepted;
  private MessageStream stream; // guarded by this
  private boolean finished; // guarded by this

  Reply(Exchange exchange, boolean sseAccepted) {
    this.exchange = exchange;
    this.sseAccepted = sseAccepted;
  }

  /**
   * Sends a message that belongs to this request before its response. Returns false when it
   * cannot be delivered (the client does not take SSE, or the request is already answered).
   */
  public synchronized boolean send(Object message) {
    if (finished || !sseAccepted) {
      return false;
    }
    if (stream == null) {
      stream = exchange.openStream(Map.of());
    }
    if (!stream.isOpen()) {
      return false;
    }
    stream.send(message);
    return true;
  }

  /** Sends the response and ends the answer. Later calls are ignored. */
  public synchronized void finish(Object response) {
    if (finished) {
      return;
    }
    finished = true;
    if (stream == null) {
      exchange.respond(200, response, Map.of());
    } else {
      stream.send(response);
      stream.close();
    }
  }
}
