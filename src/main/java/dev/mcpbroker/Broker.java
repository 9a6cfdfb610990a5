package dev.mcpbroker;

import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.UpstreamSpec;
import dev.mcpbroker.config.ServerSettings;
import dev.mcpbroker.gateway.Gateway;
import dev.mcpbroker.protocol.JsonRpc;
import dev.mcpbroker.protocol.SessionStore;
import dev.mcpbroker.protocol.StreamableHttpEndpoint;
import dev.mcpbroker.transport.BrokerHttpServer;
import dev.mcpbroker.upstream.LiveTools;
import dev.mcpbroker.upstream.UpstreamClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles a running broker from its settings and catalog:
 *
 * <pre>
 *   Netty HTTP (transport) -> Streamable HTTP sessions (protocol) -> Gateway (methods)
 *     -> ToolCallPipeline (resolve, validate, forward) -> UpstreamClient per upstream
 *   LiveTools keeps the pins checked; a housekeeping thread retries unreachable upstreams
 *   and closes idle upstream sessions.
 * </pre>
 */
public final class Broker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
  static final String VERSION = "0.1.0";

  private final BrokerHttpServer server;
  private final SessionStore sessions;
  private final LiveTools tools;
  private final ScheduledExecutorService housekeeping;
  private final ServerSettings settings;

  private Broker(BrokerHttpServer server, SessionStore sessions, LiveTools tools,
      ScheduledExecutorService housekeeping, ServerSettings settings) {
    this.server = server;
    this.sessions = sessions;
    this.tools = tools;
    this.housekeeping = housekeeping;
    this.settings = settings;
  }

  /** Starts the broker; waits up to {@code verifyWait} for the upstreams' tools to be checked. */
  public static Broker start(ServerSettings settings, Catalog catalog, Duration verifyWait)
      throws InterruptedException {
    Duration connect = catalog.upstreams().values().stream().map(UpstreamSpec::connectTimeout)
        .max(Duration::compareTo).orElse(UpstreamSpec.DEFAULT_CONNECT_TIMEOUT);
    var http = UpstreamClient.newHttpClient(connect);
    Map<String, UpstreamClient> clients = new LinkedHashMap<>();
    catalog.upstreams().forEach((name, spec) -> clients.put(name, new UpstreamClient(spec, http)));

    LiveTools tools = new LiveTools(catalog, clients);
    try {
      tools.refreshAll().get(verifyWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      LOG.warn("not every upstream answered within {}; their tools stay withheld until they do", verifyWait);
    }
    SessionStore sessions = new SessionStore(settings.sessionIdleTimeout());
    Gateway gateway = new Gateway(catalog, clients, tools);
    tools.onChange(() -> sessions.forEach(s ->
        s.notifyClient(JsonRpc.notification("notifications/tools/list_changed", null))));
    var endpoint = new StreamableHttpEndpoint(sessions, gateway,
        new McpSchema.Implementation("mcp-broker", "MCP Broker", VERSION), null);

    ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "broker-housekeeping");
      t.setDaemon(true);
      return t;
    });
    housekeeping.scheduleWithFixedDelay(() -> {
      tools.retryUnreachable();
      gateway.closeIdleUpstreams();
    }, 10, 10, TimeUnit.SECONDS);
    try {
      BrokerHttpServer server = BrokerHttpServer.start(settings, endpoint);
      tools.statuses().forEach(s -> LOG.info("tool {} -> {}.{}: {}", s.spec().name(), s.spec().upstream(),
          s.spec().upstreamTool(), s.state()));
      return new Broker(server, sessions, tools, housekeeping, settings);
    } catch (InterruptedException | RuntimeException e) {
      housekeeping.shutdownNow();
      sessions.close();
      tools.close();
      throw e;
    }
  }

  /** Returns the MCP endpoint's URL. */
  public URI mcpUrl() {
    String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    return URI.create("http://" + host + ":" + server.port() + settings.path());
  }

  /** Returns the live tool pins (for tests and the admin surface). */
  public LiveTools tools() {
    return tools;
  }

  /** Returns the number of live MCP sessions. */
  public int sessionCount() {
    return sessions.size();
  }

  @Override
  public void close() {
    housekeeping.shutdownNow();
    server.close();
    sessions.close();
    tools.close();
  }
}
