package dev.mcpbroker.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Holds one client's MCP session: what was negotiated at initialize, its listening stream, the
 * requests in flight (for cancellation), the upstreams' requests waiting for the client, and
 * attachments that other layers hang on it (such as its upstream sessions).
 */
public final class ClientSession {
  private final String id;
  private final String protocolVersion;
  private final ObjectNode clientCapabilities;
  private final JsonNode clientInfo;
  private final ServerRequestRelay relay;
  private final AtomicReference<MessageStream> listening = new AtomicReference<>();
  private final Map<String, Consumer<String>> inFlight = new ConcurrentHashMap<>();
  private final Map<Class<?>, Object> attachments = new ConcurrentHashMap<>();
  private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
  private volatile long lastActiveNanos = System.nanoTime();
  private volatile boolean closed;

  ClientSession(String id, String protocolVersion, ObjectNode clientCapabilities, JsonNode clientInfo) {
    this.id = id;
    this.protocolVersion = protocolVersion;
    this.clientCapabilities = clientCapabilities;
    this.clientInfo = clientInfo;
    this.relay = new ServerRequestRelay("s-");
  }

  public String id() {
    return id;
  }

  public String protocolVersion() {
    return protocolVersion;
  }

  /** The capabilities the client announced at initialize; passed on to upstreams. */
  public ObjectNode clientCapabilities() {
    return clientCapabilities;
  }

  public JsonNode clientInfo() {
    return clientInfo;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Returns this session's attachment of {@code type}, creating it on first use. */
  @SuppressWarnings("unchecked")
  public <T> T attachment(Class<T> type, Function<ClientSession, T> create) {
    return (T) attachments.computeIfAbsent(type, t -> create.apply(this));
  }

  /** Runs {@code hook} when the session ends (DELETE, idle timeout or shutdown). */
  public void onClose(Runnable hook) {
    closeHooks.add(hook);
    if (closed) {
      hook.run();
    }
  }

  /**
   * Sends {@code message} to the client on the listening stream (GET). Returns false when the
   * client has none open; MCP allows a server to drop such messages.
   */
  public boolean notifyClient(Object message) {
    MessageStream stream = listening.get();
    if (stream == null || !stream.isOpen()) {
      return false;
    }
    stream.send(message);
    return true;
  }

  /** Tells whether the client has a listening stream open. */
  public boolean isListening() {
    MessageStream stream = listening.get();
    return stream != null && stream.isOpen();
  }

  /** Returns {@code request} re-identified for this client; its answer is passed to {@code answer}. */
  public ObjectNode relayRequest(ObjectNode request, Consumer<ObjectNode> answer) {
    return relay.map(request, answer);
  }

  boolean routeResponse(JsonNode id, ObjectNode response) {
    return relay.route(id, response);
  }

  boolean attachListening(MessageStream stream) {
    MessageStream current = listening.get();
    if (current != null && current.isOpen()) {
      return false;
    }
    if (!listening.compareAndSet(current, stream)) {
      return false;
    }
    stream.onClose(() -> listening.compareAndSet(stream, null));
    return true;
  }

  /** Registers how to cancel the request {@code requestKey} (its id as JSON text). */
  void trackInFlight(String requestKey, Consumer<String> cancel) {
    inFlight.put(requestKey, cancel);
  }

  void untrack(String requestKey) {
    inFlight.remove(requestKey);
  }

  /** Cancels the client's request {@code requestKey}; false when it is not (or no longer) running. */
  boolean cancel(String requestKey, String reason) {
    Consumer<String> cancel = inFlight.remove(requestKey);
    if (cancel == null) {
      return false;
    }
    cancel.accept(reason);
    return true;
  }

  /** Tells the session store when this session was last used. */
  long lastActiveNanos() {
    return lastActiveNanos;
  }

  void touch() {
    lastActiveNanos = System.nanoTime();
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    MessageStream stream = listening.getAndSet(null);
    if (stream != null) {
      stream.close();
    }
    relay.clear();
    inFlight.clear();
    closeHooks.forEach(Runnable::run);
  }
}
