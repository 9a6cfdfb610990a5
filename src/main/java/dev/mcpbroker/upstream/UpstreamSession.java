package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.UpstreamSpec;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.upstream.UpstreamException.Kind;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks to one upstream within one MCP session: requests with ids it assigns, notifications,
 * responses to the upstream's own requests, cancellation, the listening stream and teardown.
 * Created by {@link UpstreamClient#open}. Thread-safe; nothing blocks.
 *
 * <p>If the upstream forgets the session (HTTP 404), the next request re-initializes it with the
 * same version and capabilities, once, shared by all requests that saw the same 404.
 */
public final class UpstreamSession {
  private static final Logger log = LoggerFactory.getLogger(UpstreamSession.class);

  private final UpstreamClient client;
  private final String requestedVersion;
  private final ObjectNode clientCapabilities;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicReference<Handshake> handshake = new AtomicReference<>();
  private final Map<Long, PendingCall> pending = new ConcurrentHashMap<>();
  private volatile long lastUsedNanos = System.nanoTime();
  private volatile boolean closed;
  private ListeningStream listening; // guarded by this
  private CompletableFuture<Handshake> reinit; // guarded by this

  private UpstreamSession(UpstreamClient client, String version, ObjectNode capabilities) {
    this.client = client;
    this.requestedVersion = version;
    this.clientCapabilities = capabilities.deepCopy();
  }

  static CompletableFuture<UpstreamSession> open(
      UpstreamClient client, String version, ObjectNode capabilities) {
    UpstreamSession s = new UpstreamSession(client, version, capabilities);
    return s.initialize().thenApply(h -> {
      s.handshake.set(h);
      return s;
    });
  }

  /** The {@code Mcp-Session-Id} the upstream assigned; null for a stateless upstream. */
  public String sessionId() {
    return handshake.get().sessionId();
  }

  /** The version the upstream agreed to; sent as {@code MCP-Protocol-Version} on every request. */
  public String protocolVersion() {
    return handshake.get().protocolVersion();
  }

  public ObjectNode serverCapabilities() {
    JsonNode caps = initializeResult().get("capabilities");
    return caps instanceof ObjectNode o ? o : Json.NODES.objectNode();
  }

  public ObjectNode initializeResult() {
    return handshake.get().initializeResult();
  }

  /**
   * Sends a request with an id this session assigns. The listener gets what arrives on this
   * request's stream before the response, in order.
   */
  public UpstreamCall request(String method, JsonNode params, UpstreamListener listener) {
    return request(method, params, listener, Map.of());
  }

  /**
   * Sends a request with extra HTTP headers for this request only, such as the action token
   * minted for exactly this call; they replace configured headers of the same name.
   */
  public UpstreamCall request(String method, JsonNode params, UpstreamListener listener,
      Map<String, String> headers) {
    long id = ids.incrementAndGet();
    PendingCall call = new PendingCall(this, id, method, params, listener, headers);
    if (closed) {
      call.response.completeExceptionally(closedWhile(method));
      return new UpstreamCall(id, call.response);
    }
    pending.put(id, call);
    touch();
    call.start(handshake.get());
    return new UpstreamCall(id, call.response);
  }

  public CompletableFuture<Void> notify(String method, JsonNode params) {
    return postOneWay(handshake.get(), Wire.message(method, params), method);
  }

  /** POSTs the answer to a server-to-client request; the upstream acknowledges with 202. */
  public CompletableFuture<Void> respond(ObjectNode jsonRpcResponse) {
    return postOneWay(handshake.get(), jsonRpcResponse, "a response");
  }

  /**
   * Sends notifications/cancelled for one of our requests and stops waiting for it: MCP
   * basic/utilities/cancellation says a response arriving after that is ignored.
   */
  public CompletableFuture<Void> cancel(long requestId, String reason) {
    PendingCall call = pending.get(requestId);
    if (call == null) {
      return sendCancelled(requestId, reason);
    }
    CompletableFuture<Void> sent = call.sendCancelNotice(reason);
    call.response.cancel(false);
    return sent;
  }

  /**
   * Opens the GET listening stream for what the upstream sends outside any request. A 405 means
   * the upstream has none, which is fine. Reconnects after drops until {@link #close}.
   */
  public void listen(UpstreamListener listener) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (listening != null) {
        listening.stop();
      }
      listening = new ListeningStream(this, listener);
      listening.start();
    }
  }

  /** Ends the session: stops listening, fails open calls, DELETEs the session (405 tolerated). */
  public CompletableFuture<Void> close() {
    synchronized (this) {
      closed = true;
      if (listening != null) {
        listening.stop();
        listening = null;
      }
    }
    pending.values().forEach(c -> c.response.completeExceptionally(closedWhile(c.method)));
    Handshake h = handshake.get();
    if (h == null || h.sessionId() == null) {
      return CompletableFuture.completedFuture(null);
    }
    // basic/transports: the server MAY answer 405 when clients may not end sessions themselves;
    // 404 means it is gone already.
    UpstreamHttp.Request delete = Wire.delete(spec(), h, spec().callTimeout());
    CompletableFuture<Void> done = new CompletableFuture<>();
    http().send(delete, info -> null).done().whenComplete((status, err) -> {
      if (err != null) {
        done.completeExceptionally(Wire.map(name(), "DELETE", err));
      } else if (status >= 300 && status != 404 && status != 405) {
        done.completeExceptionally(UpstreamException.status(name(), "DELETE", status));
      } else {
        done.complete(null);
      }
    });
    return done;
  }

  /** When this session last sent something or got a response, for idle reaping by the owner. */
  public long lastUsedNanos() {
    return lastUsedNanos;
  }

  /** Tells whether a request of ours still waits for its response (the session is not idle then). */
  public boolean busy() {
    return !pending.isEmpty();
  }

  // ---- package-private plumbing for PendingCall and ListeningStream ----

  UpstreamSpec spec() {
    return client.spec();
  }

  String name() {
    return client.spec().name();
  }

  UpstreamHttp http() {
    return client.http();
  }

  int maxMessageBytes() {
    return client.maxMessageBytes();
  }

  boolean isClosed() {
    return closed;
  }

  Handshake handshake() {
    return handshake.get();
  }

  void touch() {
    lastUsedNanos = System.nanoTime();
  }

  void forget(PendingCall call) {
    pending.remove(call.id, call);
  }

  /** Completes whichever of our requests a response belongs to, if it is still open. */
  void route(ObjectNode response) {
    JsonNode id = response.get("id");
    PendingCall call = id.isIntegralNumber() ? pending.get(id.asLong()) : null;
    if (call != null) {
      touch();
      call.response.complete(response);
    } else {
      log.debug("upstream '{}' answered unknown or finished request {}", name(), id);
    }
  }

  CompletableFuture<Void> sendCancelled(long requestId, String reason) {
    ObjectNode params = Json.NODES.objectNode().put("requestId", requestId);
    if (reason != null) {
      params.put("reason", reason);
    }
    return notify("notifications/cancelled", params);
  }

  /** Re-initializes after {@code stale} was rejected with 404; concurrent callers share one. */
  CompletableFuture<Handshake> reinit(Handshake stale) {
    CompletableFuture<Handshake> mine;
    synchronized (this) {
      Handshake now = handshake.get();
      if (closed) {
        return CompletableFuture.failedFuture(closedWhile("re-initialize"));
      }
      if (now != stale) {
        return CompletableFuture.completedFuture(now);
      }
      if (reinit != null) {
        return reinit;
      }
      mine = reinit = new CompletableFuture<>();
    }
    log.info("upstream '{}' forgot session {}; re-initializing", name(), stale.sessionId());
    initialize().whenComplete((fresh, err) -> {
      synchronized (this) {
        if (fresh != null) {
          handshake.set(fresh);
        }
        reinit = null;
      }
      if (err != null) {
        mine.completeExceptionally(err);
      } else {
        mine.complete(fresh);
      }
    });
    return mine;
  }

  /** initialize, then notifications/initialized (MCP basic/lifecycle). */
  private CompletableFuture<Handshake> initialize() {
    ObjectNode params = Json.NODES.objectNode().put("protocolVersion", requestedVersion);
    params.set("capabilities", clientCapabilities.deepCopy());
    params.putObject("clientInfo").put("name", "mcp-broker").put("version", UpstreamClient.VERSION);
    PendingCall call = new PendingCall(this, ids.incrementAndGet(), "initialize", params, null, Map.of());
    pending.put(call.id, call);
    call.start(null);
    return call.response
        .thenApply(answer -> accept(answer, call.sessionIdHeader()))
        .thenCompose(h -> postOneWay(h, Wire.message("notifications/initialized", null),
            "notifications/initialized").thenApply(v -> h));
  }

  private Handshake accept(ObjectNode answer, String sessionId) {
    JsonNode result = answer.get("result");
    if (!(result instanceof ObjectNode r)) {
      throw UpstreamException.of(Kind.PROTOCOL, name(),
          "refused initialize: " + answer.path("error").path("message").asText("no result"));
    }
    String version = r.path("protocolVersion").asText("");
    if (!UpstreamClient.SUPPORTED_VERSIONS.contains(version)) {
      // basic/lifecycle: a client that does not support the server's version SHOULD disconnect.
      throw UpstreamException.of(Kind.PROTOCOL, name(), "chose protocol version '" + version
          + "' (expected: one of " + UpstreamClient.SUPPORTED_VERSIONS + ")");
    }
    return new Handshake(sessionId, version, r);
  }

  private CompletableFuture<Void> postOneWay(Handshake h, ObjectNode message, String what) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      touch();
      UpstreamHttp.Request post = Wire.post(spec(), h, Wire.bytes(message), spec().callTimeout(), Map.of());
      http().send(post, info -> null).done().whenComplete((status, err) -> {
        if (err != null) {
          done.completeExceptionally(Wire.map(name(), what, err));
        } else if (status / 100 != 2) {
          done.completeExceptionally(UpstreamException.status(name(), what, status));
        } else {
          done.complete(null);
        }
      });
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  private UpstreamException closedWhile(String method) {
    return UpstreamException.of(Kind.CLOSED, name(), "session was closed while " + method + " was open");
  }
}
