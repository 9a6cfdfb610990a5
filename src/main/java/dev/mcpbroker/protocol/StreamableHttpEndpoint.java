package dev.mcpbroker.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.identity.Principal;
import dev.mcpbroker.json.Json;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Implements the session and framing rules of MCP Streamable HTTP (2025-11-25 basic/transports):
 * initialize creates a session, every later request must name a live one (missing: 400; unknown
 * or ended: 404) and a supported protocol version (else 400); notifications and responses get
 * 202; requests are answered as JSON or, when messages precede the response, as SSE.
 */
public final class StreamableHttpEndpoint implements McpEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(StreamableHttpEndpoint.class);
  static final String SESSION_HEADER = "Mcp-Session-Id";
  static final String VERSION_HEADER = "MCP-Protocol-Version";

  private final SessionStore sessions;
  private final Dispatcher dispatcher;
  private final Authenticator authenticator;
  private final Map<String, Supplier<Object>> documents;
  private final McpSchema.Implementation serverInfo;
  private final String instructions;
  private final Executor verifications;

  /**
   * Serves {@code sessions} through {@code dispatcher}. A token that {@code authenticator} has
   * not verified before is checked on {@code verifications}, a bounded pool that may refuse work
   * (the request then gets 503), never on the calling I/O thread.
   */
  public StreamableHttpEndpoint(SessionStore sessions, Dispatcher dispatcher, Authenticator authenticator,
      Executor verifications, Map<String, Supplier<Object>> documents, McpSchema.Implementation serverInfo,
      String instructions) {
    this.sessions = sessions;
    this.dispatcher = dispatcher;
    this.authenticator = authenticator;
    this.verifications = verifications;
    this.documents = Map.copyOf(documents);
    this.serverInfo = serverInfo;
    this.instructions = instructions;
  }

  @Override
  public Object document(String path) {
    Supplier<Object> document = documents.get(path);
    return document == null ? null : document.get();
  }

  /**
   * Authenticates the request, then runs {@code then} with the caller; or answers the refusal.
   * A token verified before is answered here, on the caller's thread (the transport's event loop,
   * which must never wait); any other goes to {@code verifications}, since its check may fetch
   * the issuer's keys, and the request resumes on the exchange's own thread afterwards.
   */
  private void authenticate(Exchange exchange, JsonNode requestId, Consumer<Principal> then) {
    String authorization = exchange.header("Authorization");
    Authenticator.Outcome known = authenticator.authenticateCached(authorization);
    if (known != null) {
      proceed(exchange, requestId, known, then);
      return;
    }
    CompletableFuture<Authenticator.Outcome> checked;
    try {
      checked = CompletableFuture.supplyAsync(() -> authenticator.authenticate(authorization), verifications);
    } catch (RejectedExecutionException e) {
      exchange.respond(503, JsonRpc.error(requestId, JsonRpc.INVALID_REQUEST,
          "session token: too many awaiting verification; try again later"), Map.of("Retry-After", "1"));
      return;
    }
    checked.whenComplete((outcome, failure) -> exchange.resume(() -> {
      if (failure != null) {
        LOG.error("authentication failed unexpectedly", failure);
        exchange.respond(500, JsonRpc.error(requestId, JsonRpc.INTERNAL_ERROR, "internal error"), Map.of());
        return;
      }
      proceed(exchange, requestId, outcome, then);
    }));
  }

  private static void proceed(Exchange exchange, JsonNode requestId, Authenticator.Outcome outcome,
      Consumer<Principal> then) {
    if (outcome instanceof Authenticator.Accepted accepted) {
      then.accept(accepted.principal());
      return;
    }
    Authenticator.Refused refused = (Authenticator.Refused) outcome;
    exchange.respond(refused.status(), JsonRpc.error(requestId, JsonRpc.INVALID_REQUEST, refused.message()),
        refused.challenge() == null ? Map.of() : Map.of("WWW-Authenticate", refused.challenge()));
  }

  @Override
  public void post(JsonNode body, Exchange exchange) {
    Decoded message = Decoded.of(body);
    if (message instanceof Decoded.Invalid invalid) {
      exchange.respond(400, JsonRpc.error(invalid.id(), invalid.code(), invalid.message()), Map.of());
      return;
    }
    String accept = exchange.header("Accept");
    if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream")) {
      // basic/transports: the client MUST list both
      exchange.respond(406, JsonRpc.error(idOf(message), JsonRpc.INVALID_REQUEST,
          "Accept header: " + accept + " (expected: application/json and text/event-stream)"), Map.of());
      return;
    }
    authenticate(exchange, idOf(message), principal -> post(message, exchange, principal));
  }

  private void post(Decoded message, Exchange exchange, Principal principal) {
    if (message instanceof Decoded.Request r && McpSchema.METHOD_INITIALIZE.equals(r.method())) {
      initialize(r, exchange, principal);
      return;
    }
    ClientSession session = session(exchange, idOf(message), principal);
    if (session == null) {
      return;
    }
    if (message instanceof Decoded.Request r) {
      request(session, r, exchange, principal);
    } else if (message instanceof Decoded.Notification n) {
      notification(session, n);
      exchange.accepted();
    } else if (message instanceof Decoded.Response r && !session.routeResponse(r.id(), r.message())) {
      LOG.debug("session {}: response to unknown request {} dropped", session.id(), r.id());
      exchange.accepted();
    } else {
      exchange.accepted();
    }
  }

  @Override
  public void get(Exchange exchange) {
    if (!accepts(exchange.header("Accept"), "text/event-stream")) {
      exchange.respond(406, JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
          "Accept header: " + exchange.header("Accept") + " (expected: text/event-stream)"), Map.of());
      return;
    }
    authenticate(exchange, null, principal -> get(exchange, principal));
  }

  private void get(Exchange exchange, Principal principal) {
    ClientSession session = session(exchange, null, principal);
    if (session == null) {
      return;
    }
    if (!session.claimListening()) {
      // basic/transports: the server MUST NOT send a message on more than one stream
      exchange.respond(409, JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
          "GET: this session already has a listening stream (expected: at most one)"), Map.of());
      return;
    }
    session.attachListening(exchange.openStream(Map.of()));
    dispatcher.listening(session);
  }

  @Override
  public void delete(Exchange exchange) {
    authenticate(exchange, null, principal -> {
      ClientSession session = session(exchange, null, principal);
      if (session != null) {
        sessions.end(session.id());
        exchange.respond(200, null, Map.of());
      }
    });
  }

  private void initialize(Decoded.Request r, Exchange exchange, Principal principal) {
    if (exchange.header(SESSION_HEADER) != null) {
      exchange.respond(400, JsonRpc.error(r.id(), JsonRpc.INVALID_REQUEST,
          "initialize: sent with " + SESSION_HEADER + " (expected: none; a session is initialized once)"), Map.of());
      return;
    }
    String version = McpVersions.negotiate(r.params().path("protocolVersion").asText(null));
    JsonNode caps = r.params().get("capabilities");
    ObjectNode capabilities = caps instanceof ObjectNode o ? o.deepCopy() : Json.NODES.objectNode();
    ClientSession session = sessions.create(version, capabilities, r.params().get("clientInfo"), principal);
    var result = new McpSchema.InitializeResult(version, dispatcher.capabilities(), serverInfo, instructions);
    exchange.respond(200, JsonRpc.result(r.id(), result), Map.of(SESSION_HEADER, session.id()));
  }

  private void request(ClientSession session, Decoded.Request r, Exchange exchange, Principal principal) {
    Reply reply = new Reply(exchange, true);
    String key = r.id().toString();
    Dispatcher.Call call = new Dispatcher.Call(r.id(), r.method(), r.params(), principal,
        cancel -> session.trackInFlight(key, cancel));
    dispatcher.request(session, call, reply).whenComplete((result, failure) -> {
      session.untrack(key);
      if (failure == null) {
        reply.finish(JsonRpc.result(r.id(), result));
        return;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof RpcException rpc) {
        reply.finish(JsonRpc.error(r.id(), rpc.code(), rpc.getMessage()));
      } else {
        LOG.error("session {}: {} failed", session.id(), r.method(), cause);
        reply.finish(JsonRpc.error(r.id(), JsonRpc.INTERNAL_ERROR, "internal error"));
      }
    });
  }

  private void notification(ClientSession session, Decoded.Notification n) {
    if ("notifications/cancelled".equals(n.method())) {
      JsonNode requestId = n.params().get("requestId");
      if (requestId != null) {
        session.cancel(requestId.toString(), n.params().path("reason").asText(null));
      }
      return;
    }
    dispatcher.notification(session, n.method(), n.params());
  }

  /** Finds the live session the request names, or answers 400/404 and returns null. */
  private ClientSession session(Exchange exchange, JsonNode requestId, Principal caller) {
    String id = exchange.header(SESSION_HEADER);
    if (id == null) {
      exchange.respond(400, JsonRpc.error(requestId, JsonRpc.INVALID_REQUEST,
          SESSION_HEADER + " header: missing (expected: the id from initialize)"), Map.of());
      return null;
    }
    ClientSession session = sessions.get(id);
    // a session presented by another principal is answered exactly like an unknown one, so a
    // stolen session id neither works nor confirms that the session exists
    if (session == null || !session.belongsTo(caller)) {
      if (session != null) {
        authenticator.foreignSession(caller, id);
      }
      // basic/transports: a terminated or unknown session MUST get 404, so the client re-initializes
      exchange.respond(404, JsonRpc.error(requestId, JsonRpc.INVALID_REQUEST,
          "session: unknown or ended (expected: initialize a new session)"), Map.of());
      return null;
    }
    String version = exchange.header(VERSION_HEADER);
    if (version != null && !McpVersions.isSupported(version)) {
      exchange.respond(400, JsonRpc.error(requestId, JsonRpc.INVALID_REQUEST,
          VERSION_HEADER + " header: " + version + " (expected: one of " + McpVersions.SUPPORTED + ")"), Map.of());
      return null;
    }
    session.touch();
    return session;
  }

  private static JsonNode idOf(Decoded message) {
    return message instanceof Decoded.Request r ? r.id() : null;
  }

  static boolean accepts(String accept, String type) {
    if (accept == null) {
      return false;
    }
    for (String part : accept.split(",")) {
      String t = part.split(";", 2)[0].trim().toLowerCase();
      if (t.equals(type) || t.equals("*/*") || t.equals(type.substring(0, type.indexOf('/')) + "/*")) {
        return true;
      }
    }
    return false;
  }
}
