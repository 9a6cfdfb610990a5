package dev.mcpbroker.protocol;

/** Writes JSON-RPC messages to a client as Server-Sent Events; safe to call from any thread. */
public interface MessageStream {

  /** Sends one message as an SSE event with a fresh event id; ignored once closed. */
  void send(Object message);

  /** Ends the stream; the connection stays open for the next request where keep-alive allows. */
  void close();

  /** Tells whether the stream can still carry messages (the client has not gone away). */
  boolean isOpen();

  /** Runs {@code action} once when the stream ends, from either side. */
  void onClose(Runnable action);
}
