package dev.mcpbroker.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.identity.Principal;
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
  /** Marks the listening slot as taken while its stream is being opened. */
  private static final MessageStream CLAIMED = new MessageStream() {
    @Override
    public void send(Object message) {}

    @Override
    public void close() {}

    @Override
    public boolean isOpen() {
      return false;
    }

    @Override
    public void onClose(Runnable action) {}
  };
  private final String id;
  private final String protocolVersion;
  private final ObjectNode clientCapabilities;
  private final JsonNode clientInfo;
  private final Principal principal;
  private final ServerRequestRelay relay;
  private final AtomicReference<MessageStream> listening = new AtomicReference<>();
  private final Map<String, Consumer<String>> inFlight = new ConcurrentHashMap<>();
  private final Map<Class<?>, Object> attachments = new ConcurrentHashMap<>();
  private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
  private volatile long lastActiveNanos = System.nanoTime();
  private volatile boolean closed;

  ClientSession(String id, String protocolVersion, ObjectNode clientCapabilities, JsonNode clientInfo,
      Principal principal) {
    this.id = id;
    this.principal = principal;
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

  /** The principal that opened this session. */
  public Principal principal() {
    return principal;
  }

  /**
   * Tells whether {@code caller} may use this session: the same agent acting for the same
   * subject as the one that opened it. A refreshed token of the same pair continues the session;
   * anyone else presenting the session id is refused (session hijack).
   */
  boolean belongsTo(Principal caller) {
    return principal.agent().equals(caller.agent()) && principal.subject().equals(caller.subject());
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
    if (stream == null || stream == CLAIMED || !stream.isOpen()) {
      return false;
    }
    stream.send(message);
    return true;
  }

  /** Tells whether the client has a listening stream open. */
  public boolean isListening() {
    MessageStream stream = listening.get();
    return stream == CLAIMED || (stream != null && stream.isOpen());
  }

  /** Returns {@code request} re-identified for this client; its answer is passed to {@code answer}. */
  public ObjectNode relayRequest(ObjectNode request, Consumer<ObjectNode> answer) {
    return relay.map(request, answer);
  }

  boolean routeResponse(JsonNode id, ObjectNode response) {
    return relay.route(id, response);
  }

  /**
   * Claims the single listening stream slot before the stream is opened, so that two concurrent
   * GETs (on two event loops) cannot both get one. False when another stream holds it.
   */
  boolean claimListening() {
    while (true) {
      MessageStream current = listening.get();
      if (current == CLAIMED || (current != null && current.isOpen())) {
        return false;
      }
      if (listening.compareAndSet(current, CLAIMED)) {
        return true;
      }
    }
  }

  /** Puts the stream opened after {@link #claimListening()} into the slot. */
  void attachListening(MessageStream stream) {
    listening.set(stream);
    stream.onClose(() -> listening.compareAndSet(stream, null));
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
    if (stream != null && stream != CLAIMED) {
      stream.close();
    }
    relay.clear();
    inFlight.clear();
    closeHooks.forEach(Runnable::run);
  }
}
