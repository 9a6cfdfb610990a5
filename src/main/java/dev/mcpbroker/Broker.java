package dev.mcpbroker;

import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.UpstreamSpec;
import dev.mcpbroker.audit.AuditEvent;
import dev.mcpbroker.audit.AuditLog;
import dev.mcpbroker.config.BrokerSettings;
import dev.mcpbroker.config.ServerSettings;
import dev.mcpbroker.admin.AdminApi;
import dev.mcpbroker.admin.AdminToken;
import dev.mcpbroker.config.AdminSettings;
import dev.mcpbroker.pipeline.ToolCallPipeline;
import dev.mcpbroker.pipeline.ToolSwitch;
import dev.mcpbroker.transport.AdminHttpServer;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import dev.mcpbroker.protocol.BearerAuthenticator;
import dev.mcpbroker.gateway.BrokerFacts;
import dev.mcpbroker.metrics.BrokerMetrics;
import dev.mcpbroker.gateway.Gateway;
import dev.mcpbroker.policy.Approvals;
import dev.mcpbroker.policy.PolicyEngine;
import dev.mcpbroker.policy.PolicySnapshot;
import dev.mcpbroker.policy.PolicyWatcher;
import dev.mcpbroker.protocol.JsonRpc;
import dev.mcpbroker.protocol.SessionStore;
import dev.mcpbroker.protocol.StreamableHttpEndpoint;
import dev.mcpbroker.transport.BrokerHttpServer;
import dev.mcpbroker.transport.UpstreamHttpClient;
import dev.mcpbroker.upstream.LiveTools;
import dev.mcpbroker.upstream.UpstreamClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles a running broker from its settings and catalog:
 *
 * <pre>
 *   Netty HTTP (transport) -> Streamable HTTP sessions + bearer authentication (protocol)
 *     -> Gateway (methods) -> ToolCallPipeline (resolve, validate, decide, mint, audit, forward)
 *     -> UpstreamClient per upstream
 *   PolicyEngine decides (facts through BrokerFacts); PolicyWatcher swaps its snapshot when
 *   policies.yaml or tools.yaml changes, then CatalogReload puts a changed catalog in force
 *   (LiveTools holds it; the upstreams themselves need a restart to change).
 *   LiveTools keeps the pins checked; a housekeeping thread retries unreachable upstreams,
 *   closes idle upstream sessions and expires lapsed approvals.
 *   Admin API (own port): health, readiness, metrics; kill switch, tool switch, approvals, reload.
 * </pre>
 */
public final class Broker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
  static final String VERSION = "0.1.0";

  private final BrokerHttpServer server;
  private final SessionStore sessions;
  private final LiveTools tools;
  private final ScheduledExecutorService housekeeping;
  private final URI url;
  private final BrokerIdentity identity;
  private final AuditLog audit;
  private final ExecutorService afterAudit;
  private final ExecutorService verifications;
  private final PolicyEngine policy;
  private final PolicyWatcher watcher;
  private final BrokerFacts facts;
  private final BrokerMetrics metrics;
  private final ToolSwitch toolSwitch;
  private final AtomicReference<Instant> policyLoadedAt;
  private volatile AdminHttpServer admin;
  private volatile AdminToken adminToken;
  private volatile Path auditDir;
  private volatile UpstreamHttpClient upstreamHttp;

  private Broker(BrokerHttpServer server, SessionStore sessions, LiveTools tools,
      ScheduledExecutorService housekeeping, URI url, BrokerIdentity identity, AuditLog audit,
      ExecutorService afterAudit, ExecutorService verifications, PolicyEngine policy, PolicyWatcher watcher,
      BrokerFacts facts, BrokerMetrics metrics, ToolSwitch toolSwitch, AtomicReference<Instant> policyLoadedAt) {
    this.metrics = metrics;
    this.toolSwitch = toolSwitch;
    this.policyLoadedAt = policyLoadedAt;
    this.policy = policy;
    this.watcher = watcher;
    this.facts = facts;
    this.audit = audit;
    this.afterAudit = afterAudit;
    this.verifications = verifications;
    this.server = server;
    this.sessions = sessions;
    this.tools = tools;
    this.housekeeping = housekeeping;
    this.url = url;
    this.identity = identity;
  }

  /**
   * Starts the broker with {@code policy} in force; waits up to {@code verifyWait} for the
   * upstreams' tools to be checked. When {@code policyDir} is not null, its {@code policies.yaml}
   * is watched and reloaded on change (a rejected file leaves the running policy in force).
   */
  public static Broker start(BrokerSettings config, Catalog catalog, PolicySnapshot policy, Path policyDir,
      Duration verifyWait) throws InterruptedException {
    return start(config, catalog, policy, policyDir, Map.of(), verifyWait);
  }

  /**
   * Starts like {@link #start(BrokerSettings, Catalog, PolicySnapshot, Path, Duration)}; {@code
   * env} resolves the {@code ${NAME}} placeholders of {@code tools.yaml} when it is reloaded from
   * {@code policyDir}.
   */
  public static Broker start(BrokerSettings config, Catalog catalog, PolicySnapshot policy, Path policyDir,
      Map<String, String> env, Duration verifyWait) throws InterruptedException {
    if (policy.catalog() != catalog) {
      throw new IllegalArgumentException("policy: built against another catalog (expected: the catalog the broker serves)");
    }
    ServerSettings settings = config.server();
    Duration connect = catalog.upstreams().values().stream().map(UpstreamSpec::connectTimeout)
        .max(Duration::compareTo).orElse(UpstreamSpec.DEFAULT_CONNECT_TIMEOUT);
    UpstreamHttpClient http = UpstreamHttpClient.create(connect);
    Map<String, UpstreamClient> clients = new LinkedHashMap<>();
    catalog.upstreams().forEach((name, spec) -> clients.put(name, new UpstreamClient(spec, http)));

    LiveTools tools = new LiveTools(catalog, clients);
    BrokerMetrics metrics = new BrokerMetrics(catalog.tools().keySet(), catalog.upstreams().keySet());
    tools.onContact(metrics::upstreamContact);
    try {
      tools.refreshAll().get(verifyWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      LOG.warn("not every upstream answered within {}; their tools stay withheld until they do", verifyWait);
    }
    SessionStore sessions = new SessionStore(settings.sessionIdleTimeout());
    ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "broker-housekeeping");
      t.setDaemon(true);
      return t;
    });
    LateEndpoint late = new LateEndpoint();
    BrokerHttpServer server = null;
    AuditLog audit = null;
    ExecutorService afterAudit = null;
    ExecutorService verifications = null;
    BrokerFacts facts = null;
    PolicyWatcher watcher = null;
    PolicyAudit policyAudit = new PolicyAudit();
    ToolSwitch toolSwitch = new ToolSwitch();
    AtomicReference<Instant> policyLoadedAt = new AtomicReference<>(Instant.now());
    try {
      server = BrokerHttpServer.start(settings, late, http);
      URI endpointUrl = settings.endpointUrl(server.port());
      URI resource = config.auth().resource() != null ? config.auth().resource() : endpointUrl;
      BrokerIdentity identity = BrokerIdentity.create(config.auth(), resource,
          BrokerResources.revocations(config.audit()));
      audit = BrokerResources.openAudit(config.audit());
      afterAudit = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "after-audit");
        t.setDaemon(true);
        return t;
      });
      policyAudit.bind(audit);
      metrics.audit(audit, AuditLog::appended, AuditLog::failures);
      audit.onAppendLatency(metrics::auditAppended);
      Function<String, URI> audienceOf = upstream -> URI.create(catalog.upstreams().get(upstream).audience());
      facts = new BrokerFacts(tools, clients, identity.minter(), audienceOf, config.auth().actionTokenTtl(), audit);
      Approvals approvals = new Approvals(Clock.systemUTC(), a -> {
        policyAudit.approval(a);
        metrics.approval(BrokerResources.approvalOutcome(a.state()));
      });
      PolicyEngine engine = new PolicyEngine(policy, facts, approvals, PolicyEngine.DEFAULT_FACT_TIMEOUT);
      engine.observe(new PolicyMetrics(metrics));
      metrics.approvalsPending(approvals::pending);
      if (policyDir != null) {
        watcher = new PolicyWatcher(policyDir, new CatalogReload(policyDir.resolve("tools.yaml"), env, tools, metrics),
            engine, Duration.ofMillis(100), o -> {
              policyAudit.reload(o);
              if (!o.ok()) {
                metrics.policyReloaded(false);
              } else if (o.changed()) {
                metrics.policyReloaded(true);
                policyLoadedAt.set(o.at());
              }
            });
        try {
          watcher.start();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot watch " + policyDir + " for policy changes", e);
        }
      }
      LOG.info("policy {} in force ({} tests passed)", policy.version(), policy.testCount());
      var pipeline = new ToolCallPipeline(tools, identity.minter(), audienceOf, config.auth().actionTokenTtl(),
          engine, Clock.systemUTC(), audit, http.loopRunningThisOr(afterAudit), metrics, toolSwitch);
      Gateway gateway = new Gateway(clients, tools, pipeline, toolSwitch);
      Runnable listChanged = () -> sessions.forEach(s ->
          s.notifyClient(JsonRpc.notification("notifications/tools/list_changed", null)));
      tools.onChange(listChanged);
      toolSwitch.onChange(listChanged);
      housekeeping.scheduleWithFixedDelay(() -> {
        tools.retryUnreachable();
        gateway.closeIdleUpstreams();
        approvals.expireLapsed();
      }, 10, 10, TimeUnit.SECONDS);

      // MCP 2025-11-25 basic/authorization: RFC 9728 metadata at the root and path-suffixed forms;
      // the challenge points at the form built from the resource URI, which a proxy in front may
      // pass on with its own path, so that form is served too
      URI metadataUrl = BrokerIdentity.metadataUrl(resource);
      Map<String, Object> metadata = BrokerIdentity.metadata(resource, config.auth());
      Map<String, Supplier<Object>> documents = new LinkedHashMap<>();
      documents.put(BrokerIdentity.METADATA_PATH, () -> metadata);
      documents.put(BrokerIdentity.METADATA_PATH + settings.path(), () -> metadata);
      documents.put(metadataUrl.getRawPath(), () -> metadata);
      documents.put("/.well-known/jwks.json", identity::jwks);
      AuditLog auditLog = audit;
      identity.revocations().onRevoke((kind, id) -> {
        var details = dev.mcpbroker.json.Json.NODES.objectNode().put("kind", kind).put("id", id);
        try {
          auditLog.append(AuditEvent.builder(AuditEvent.Type.REVOCATION).details(details).build());
        } catch (RuntimeException e) {
          LOG.error("audit entry for a revocation not written", e);
        }
      });
      var authenticator = new AuditedAuthenticator(
          new BearerAuthenticator(identity.verifier(), metadataUrl, config.auth().requiredScopes()), audit, metrics);
      verifications = BrokerResources.verificationPool(metrics);
      late.set(new StreamableHttpEndpoint(sessions, gateway, authenticator, verifications, documents,
          new McpSchema.Implementation("mcp-broker", "MCP Broker", VERSION), null));
      tools.statuses().forEach(s -> LOG.info("tool {} -> {}.{}: {}", s.spec().name(), s.spec().upstream(),
          s.spec().upstreamTool(), s.state()));
      LOG.info("session tokens: issuer {}, audience {}{}", config.auth().issuer(), resource,
          identity.devIssuer() != null ? " (development issuer, key " + identity.devIssuer().keyFile() + ")" : "");
      Broker broker = new Broker(server, sessions, tools, housekeeping, endpointUrl, identity, audit, afterAudit,
          verifications, engine, watcher, facts, metrics, toolSwitch, policyLoadedAt);
      broker.auditDir = config.audit().dir();
      broker.upstreamHttp = http;
      metrics.readiness(broker::ready);
      try {
        broker.startAdmin(config.admin(), policyLoadedAt);
      } catch (InterruptedException | RuntimeException e) {
        broker.close();
        throw e;
      }
      return broker;
    } catch (InterruptedException | RuntimeException e) {
      BrokerResources.closeQuietly(watcher);
      if (facts != null) {
        facts.close();
      }
      if (server != null) {
        server.close();
      }
      if (audit != null) {
        audit.close();
      }
      if (afterAudit != null) {
        afterAudit.shutdownNow();
      }
      if (verifications != null) {
        verifications.shutdownNow();
      }
      housekeeping.shutdownNow();
      sessions.close();
      tools.close();
      http.close();
      throw e;
    }
  }

  /** Starts the admin API on its own port, with its token from (or created in) the token file. */
  private void startAdmin(AdminSettings settings, AtomicReference<Instant> loadedAt)
      throws InterruptedException {
    AdminToken token = AdminToken.loadOrCreate(settings.tokenFile(), settings.host());
    AdminApi api = new AdminApi(token, new BrokerAdmin(this, sessions, toolSwitch, loadedAt::get),
        () -> audit);
    this.admin = AdminHttpServer.start(settings.host(), settings.port(), api);
    this.adminToken = token;
    this.adminHost = settings.host();
  }

  private volatile String adminHost;

  /**
   * Reloads the configuration now, as a change on disk would, and tells the outcome: {@code
   * policies.yaml} and {@code tools.yaml}, validated together (the policy and catalog in force
   * stay when either file is rejected).
   */
  public PolicyWatcher.Outcome reload() {
    if (watcher == null) {
      return new PolicyWatcher.Outcome(false, false, policy.snapshot().version(),
          "policies.yaml: the broker was started without a configuration directory (expected: one to reload from)",
          Instant.now());
    }
    return watcher.reloadNow();
  }

  /** Returns the admin API's base URL, e.g. {@code http://127.0.0.1:9090}. */
  public URI adminUrl() {
    String host = adminHost.contains(":") ? "[" + adminHost + "]" : adminHost;
    return URI.create("http://" + host + ":" + admin.port());
  }

  /** Returns the file holding the admin API's bearer token. */
  public Path adminTokenFile() {
    return adminToken.file();
  }

  /** Returns the operators' per-tool switch (what {@code /admin/tools/{name}/disable} flips). */
  public ToolSwitch toolSwitch() {
    return toolSwitch;
  }

  Path auditDir() {
    return auditDir;
  }

  /** Returns the MCP endpoint's URL. */
  public URI mcpUrl() {
    return url;
  }

  /**
   * Tells whether the broker should receive traffic: its audit log can be written (a broker that
   * cannot record decisions refuses state-changing calls, so it is not ready).
   */
  public boolean ready() {
    return audit.healthy();
  }

  /** Returns the audit log every decision is written to. */
  public AuditLog audit() {
    return audit;
  }

  /** Returns the broker's metrics (what {@code /metrics} serves). */
  public BrokerMetrics metrics() {
    return metrics;
  }

  /** Returns the identity pieces: verifier, revocations, development issuer, action-token keys. */
  public BrokerIdentity identity() {
    return identity;
  }

  /** Returns the policy engine (its snapshot in force, and the approvals a human decides). */
  public PolicyEngine policy() {
    return policy;
  }

  /** Returns the watcher that reloads the policy, or null when the policy is not watched. */
  public PolicyWatcher policyWatcher() {
    return watcher;
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
    AdminHttpServer a = admin;
    if (a != null) {
      a.close();
    }
    BrokerResources.closeQuietly(watcher);
    housekeeping.shutdownNow();
    server.close();
    verifications.shutdownNow(); // after the server: no request is left to answer
    sessions.close();
    tools.close();
    facts.close();
    afterAudit.shutdown();
    audit.close();
    UpstreamHttpClient http = upstreamHttp;
    if (http != null) {
      http.close(); // after the sessions' DELETEs went out
    }
  }
}
