package dev.mcpbroker.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.protocol.ClientSession;
import dev.mcpbroker.upstream.UpstreamClient;
import dev.mcpbroker.upstream.UpstreamListener;
import dev.mcpbroker.upstream.UpstreamSession;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Holds one client session's upstream sessions: opened on first use with the client's negotiated
 * version and capabilities (so an upstream asks for sampling only of a client that can sample),
 * closed with it, and closed early when idle longer than the upstream's idle timeout.
 */
final class SessionUpstreams {
  private final ClientSession session;
  private final Map<String, UpstreamClient> clients;
  private final BiFunction<String, UpstreamSession, UpstreamListener> listenerFor;
  private final Map<String, CompletableFuture<UpstreamSession>> open = new ConcurrentHashMap<>();
  private volatile String logLevel;

  SessionUpstreams(ClientSession session, Map<String, UpstreamClient> clients,
      BiFunction<String, UpstreamSession, UpstreamListener> listenerFor) {
    this.session = session;
    this.clients = clients;
    this.listenerFor = listenerFor;
    session.onClose(this::closeAll);
  }

  /** Returns the upstream session for {@code upstream}, opening it on first use. */
  CompletableFuture<UpstreamSession> get(String upstream) {
    CompletableFuture<UpstreamSession> existing = open.get(upstream);
    if (existing != null && !existing.isCompletedExceptionally()) {
      return existing;
    }
    CompletableFuture<UpstreamSession> created = open.compute(upstream, (u, current) ->
        current != null && !current.isCompletedExceptionally() ? current : connect(u));
    return created;
  }

  private CompletableFuture<UpstreamSession> connect(String upstream) {
    return clients.get(upstream).open(session.protocolVersion(), session.clientCapabilities())
        .thenApply(s -> {
          if (session.isClosed()) {
            s.close();
            throw new IllegalStateException("session ended while its upstream session opened");
          }
          String level = logLevel;
          if (level != null) {
            s.request("logging/setLevel", Json.NODES.objectNode().put("level", level), UpstreamListener.IGNORE);
          }
          if (session.isListening()) {
            s.listen(listenerFor.apply(upstream, s));
          }
          return s;
        });
  }

  /** Runs {@code action} on the upstream session for {@code upstream} if one is open. */
  void ifOpen(String upstream, java.util.function.Consumer<UpstreamSession> action) {
    CompletableFuture<UpstreamSession> f = open.get(upstream);
    if (f != null) {
      f.thenAccept(action);
    }
  }

  /** Starts the upstreams' listening streams, now that the client listens too. */
  void listenAll() {
    open.forEach((name, f) -> f.thenAccept(s -> s.listen(listenerFor.apply(name, s))));
  }

  /** Remembers the client's log level and passes it to every open upstream session. */
  CompletableFuture<Void> setLogLevel(ObjectNode params) {
    logLevel = params.path("level").asText(null);
    return CompletableFuture.allOf(open.values().stream()
        .map(f -> f.thenCompose(s -> s.request("logging/setLevel", params, UpstreamListener.IGNORE).response()))
        .toArray(CompletableFuture[]::new));
  }

  /**
   * Closes upstream sessions unused for longer than their upstream's idle timeout. A session with a
   * call in flight is in use however long ago it sent it (a callTimeout may exceed the idleTimeout).
   */
  void closeIdle(long nowNanos) {
    open.forEach((name, f) -> {
      UpstreamSession s = f.getNow(null);
      if (s != null && !s.busy() && nowNanos - s.lastUsedNanos() > clients.get(name).spec().idleTimeout().toNanos()
          && open.remove(name, f)) {
        s.close();
      }
    });
  }

  void closeAll() {
    open.values().forEach(f -> f.thenAccept(UpstreamSession::close));
    open.clear();
  }
}
