package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.DefinitionHash;
import dev.mcpbroker.catalog.ToolSpec;
import dev.mcpbroker.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds which declared tools may be exposed right now: those whose live upstream definition still
 * hashes to the pin in {@code tools.yaml}. A changed description or schema (a rug pull, also
 * announced through {@code notifications/tools/list_changed}) withholds the tool until an operator
 * re-pins it; an unreachable upstream withholds its tools until it answers again.
 *
 * <p>Each upstream is watched through one control session of the broker's own, listed page by
 * page; statuses are replaced as a whole map so readers never see a half-updated view.
 */
public final class LiveTools implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveTools.class);

  /** Whether a declared tool is exposed, and if not, why. */
  public enum State { VERIFIED, PIN_MISMATCH, MISSING, UNREACHABLE }

  /** The live status of one declared tool; {@code definition} and {@code livePin} null when unknown. */
  public record Status(ToolSpec spec, State state, String livePin, ObjectNode definition) {}

  private volatile Catalog catalog;
  private final Map<String, UpstreamClient> clients;
  /** Each upstream's last listing (null while unreachable), so a catalog change is checked at once. */
  private final Map<String, Map<String, ObjectNode>> listings = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<UpstreamSession>> control = new ConcurrentHashMap<>();
  private final Map<String, Refresher> refreshing = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final List<java.util.function.BiConsumer<String, Boolean>> contacts = new CopyOnWriteArrayList<>();
  private volatile Map<String, Status> statuses;
  private volatile List<ObjectNode> exposed = List.of();

  public LiveTools(Catalog catalog, Map<String, UpstreamClient> clients) {
    this.catalog = catalog;
    this.clients = clients;
    Map<String, Status> initial = new LinkedHashMap<>();
    catalog.tools().values().forEach(t -> initial.put(t.name(), new Status(t, State.UNREACHABLE, null, null)));
    this.statuses = Map.copyOf(initial);
  }

  /** Returns the catalog in force (it changes when tools.yaml is reloaded). */
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Puts {@code next} in force: every tool it declares is checked against its upstream's last
   * listing at once (a new or re-pinned tool is exposed only if that listing matches its pin; an
   * upstream not listed yet keeps its tools withheld until it is), tools it no longer declares are
   * withheld, and then every upstream is listed afresh. The upstreams themselves must be the same
   * ones (their clients and sessions are not rebuilt).
   */
  public CompletableFuture<Void> replace(Catalog next) {
    if (!next.upstreams().equals(catalog.upstreams())) {
      throw new IllegalArgumentException("upstreams: changed (expected: the upstreams the broker started with)");
    }
    synchronized (this) {
      catalog = next;
      Map<String, Status> all = new LinkedHashMap<>();
      for (ToolSpec spec : next.tools().values()) {
        Status before = statuses.get(spec.name());
        Status now = status(spec, listings.containsKey(spec.upstream()) ? listings.get(spec.upstream()) : null);
        all.put(spec.name(), now);
        if (before == null || now.state() != before.state() || !spec.equals(before.spec())) {
          logChange(spec, now);
        }
      }
      statuses = Map.copyOf(all);
      publish();
    }
    return refreshAll();
  }

  /** Lists every upstream's tools and checks the pins; completes when all have answered or failed. */
  public CompletableFuture<Void> refreshAll() {
    return CompletableFuture.allOf(catalog.upstreams().keySet().stream()
        .map(this::refresh).toArray(CompletableFuture[]::new));
  }

  /**
   * Re-checks the tools of {@code upstream}. A request while a check runs queues exactly one more
   * check after it (the running one may have listed before the change that prompted this call);
   * further requests share that queued check.
   */
  public CompletableFuture<Void> refresh(String upstream) {
    return refreshing.computeIfAbsent(upstream, u -> new Refresher(u)).request();
  }

  /** Serializes the checks of one upstream: one running, at most one queued. */
  private final class Refresher {
    private final String upstream;
    private CompletableFuture<Void> running; // guarded by this
    private CompletableFuture<Void> queued; // guarded by this

    Refresher(String upstream) {
      this.upstream = upstream;
    }

    synchronized CompletableFuture<Void> request() {
      if (running == null || running.isDone()) {
        running = check(upstream);
        running.whenComplete((v, e) -> finished());
        return running;
      }
      if (queued == null) {
        queued = new CompletableFuture<>();
      }
      return queued;
    }

    private void finished() {
      CompletableFuture<Void> next;
      synchronized (this) {
        next = queued;
        queued = null;
      }
      if (next != null) {
        request().whenComplete((v, e) -> next.complete(null));
      }
    }
  }

  /** Re-checks the upstreams that could not be reached last time. */
  public CompletableFuture<Void> retryUnreachable() {
    return CompletableFuture.allOf(statuses.values().stream()
        .filter(s -> s.state() == State.UNREACHABLE).map(s -> s.spec().upstream()).distinct()
        .map(this::refresh).toArray(CompletableFuture[]::new));
  }

  /** Returns the tool if it is declared and verified now. */
  public Optional<ToolSpec> verified(String publicName) {
    Status s = statuses.get(publicName);
    return s != null && s.state() == State.VERIFIED ? Optional.of(s.spec()) : Optional.empty();
  }

  /** Returns the {@code tools/list} entries of the verified tools, in catalog order. */
  public List<ObjectNode> exposed() {
    return exposed;
  }

  /** Returns every declared tool's status, in catalog order. */
  public List<Status> statuses() {
    return catalog.tools().keySet().stream().map(statuses::get).toList();
  }

  /** Runs {@code listener} whenever the set of exposed tools changes. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Runs {@code listener} with the upstream and whether it answered, after every tools check. */
  public void onContact(java.util.function.BiConsumer<String, Boolean> listener) {
    contacts.add(listener);
  }

  private CompletableFuture<Void> check(String upstream) {
    return session(upstream)
        .thenCompose(s -> ToolLister.listAll(upstream, s))
        .handle((live, failure) -> {
          if (failure != null) {
            control.remove(upstream);
            LOG.warn("upstream '{}' could not be listed, its tools are withheld: {}", upstream,
                failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage());
          }
          apply(upstream, live);
          contacts.forEach(c -> c.accept(upstream, failure == null));
          return null;
        });
  }

  private CompletableFuture<UpstreamSession> session(String upstream) {
    return control.computeIfAbsent(upstream, u -> clients.get(u)
        .open(dev.mcpbroker.protocol.McpVersions.LATEST, Json.NODES.objectNode())
        .thenApply(s -> {
          s.listen(message -> {
            if ("notifications/tools/list_changed".equals(message.path("method").asText())) {
              LOG.info("upstream '{}' says its tools changed; re-checking pins", u);
              refresh(u);
            }
          });
          return s;
        }));
  }

  private synchronized void apply(String upstream, Map<String, ObjectNode> live) {
    if (live == null) {
      listings.remove(upstream);
    } else {
      listings.put(upstream, Map.copyOf(live));
    }
    Map<String, Status> next = new LinkedHashMap<>(statuses);
    for (ToolSpec spec : catalog.toolsOf(upstream)) {
      Status before = statuses.get(spec.name());
      Status now = status(spec, live);
      next.put(spec.name(), now);
      if (before == null || now.state() != before.state()
          || !java.util.Objects.equals(now.livePin(), before.livePin())) {
        logChange(spec, now);
      }
    }
    statuses = Map.copyOf(next);
    publish();
  }

  /** Recomputes the exposed tools from the statuses; tells the listeners when they changed. */
  private void publish() {
    List<ObjectNode> view = new ArrayList<>();
    for (String name : catalog.tools().keySet()) {
      Status s = statuses.get(name);
      if (s.state() == State.VERIFIED) {
        view.add(PublicTool.of(s.spec(), s.definition()));
      }
    }
    if (!view.equals(exposed)) {
      exposed = List.copyOf(view);
      listeners.forEach(Runnable::run);
    }
  }

  private static Status status(ToolSpec spec, Map<String, ObjectNode> live) {
    if (live == null) {
      return new Status(spec, State.UNREACHABLE, null, null);
    }
    ObjectNode definition = live.get(spec.upstreamTool());
    if (definition == null) {
      return new Status(spec, State.MISSING, null, null);
    }
    String pin = DefinitionHash.of(definition);
    State state = pin.equals(spec.pin()) ? State.VERIFIED : State.PIN_MISMATCH;
    return new Status(spec, state, pin, definition);
  }

  private static void logChange(ToolSpec spec, Status now) {
    switch (now.state()) {
      case VERIFIED -> LOG.info("tool '{}' verified against its pin", spec.name());
      case PIN_MISMATCH -> LOG.warn("tool '{}' WITHHELD: upstream '{}' now defines '{}' as {} but tools.yaml pins {};"
          + " review the change, then re-pin (mcp-broker catalog pins)", spec.name(), spec.upstream(),
          spec.upstreamTool(), now.livePin(), spec.pin());
      case MISSING -> LOG.warn("tool '{}' withheld: upstream '{}' no longer lists '{}'", spec.name(),
          spec.upstream(), spec.upstreamTool());
      case UNREACHABLE -> LOG.warn("tool '{}' withheld: upstream '{}' unreachable", spec.name(), spec.upstream());
    }
  }

  @Override
  public void close() {
    control.values().forEach(f -> f.thenAccept(UpstreamSession::close));
    control.clear();
  }

  /** Builds the entry a client sees in {@code tools/list}: public name, the enforced schema. */
  static final class PublicTool {
    private PublicTool() {}

    static ObjectNode of(ToolSpec spec, ObjectNode definition) {
      ObjectNode tool = Json.NODES.objectNode();
      tool.put("name", spec.name());
      copy(definition, tool, "title");
      if (spec.description() != null) {
        tool.put("description", spec.description());
      } else {
        copy(definition, tool, "description");
      }
      tool.set("inputSchema", spec.inputSchema().deepCopy());
      copy(definition, tool, "outputSchema");
      copy(definition, tool, "annotations");
      copy(definition, tool, "icons");
      return tool;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
      JsonNode value = from.get(field);
      if (value != null && !value.isNull()) {
        to.set(field, value.deepCopy());
      }
    }
  }
}
