package dev.mcpbroker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.Broker;
import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.CatalogLoader;
import dev.mcpbroker.catalog.DefinitionHash;
import dev.mcpbroker.catalog.UpstreamSpec;
import dev.mcpbroker.config.AdminSettings;
import dev.mcpbroker.config.AuditSettings;
import dev.mcpbroker.config.AuthSettings;
import dev.mcpbroker.config.BrokerSettings;
import dev.mcpbroker.config.ServerSettings;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.policy.PolicySnapshot;
import dev.mcpbroker.upstream.UpstreamClient;
import dev.mcpbroker.upstream.UpstreamListener;
import dev.mcpbroker.upstream.UpstreamSession;
import java.net.URI;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Starts a broker on an ephemeral loopback port in front of given upstreams, for integration tests. */
public final class BrokerUnderTest implements AutoCloseable {
  private final Broker broker;
  private final AuditSettings audit;
  private final Path policyFile;

  private BrokerUnderTest(Broker broker, AuditSettings audit, Path policyFile) {
    this.broker = broker;
    this.audit = audit;
    this.policyFile = policyFile;
  }

  /** Returns the watched {@code policies.yaml} of this broker (rewrite it to reload). */
  /** Returns the watched tools.yaml (the catalog the broker started with; edits are reloaded). */
  public Path catalogFile() {
    return policyFile.resolveSibling("tools.yaml");
  }

  public Path policyFile() {
    return policyFile;
  }

  /** Returns the directory of this broker's audit log. */
  public Path auditDir() {
    return audit.dir();
  }

  /** Returns the audit log's public key file (for audit verify). */
  public Path auditPublicKey() {
    return audit.publicKeyFile();
  }

  /**
   * Starts with {@code catalogYaml}, where {@code ${NAME}} placeholders come from {@code env}, a
   * policy that permits every declared tool (one rule each), and a development issuer whose key
   * lives in a fresh temporary directory.
   */
  public static BrokerUnderTest start(String catalogYaml, Map<String, String> env, ServerSettings settings)
      throws InterruptedException {
    return start(catalogYaml, null, env, settings);
  }

  /** Starts like {@link #start(String, Map, ServerSettings)}, requiring {@code scopes} of every token. */
  public static BrokerUnderTest start(String catalogYaml, Map<String, String> env, ServerSettings settings,
      Set<String> requiredScopes) throws InterruptedException {
    return start(catalogYaml, null, env, settings, requiredScopes, null);
  }

  /**
   * Starts like {@link #start(String, Map, ServerSettings)}, with {@code resource} as the broker's
   * resource URI (the {@code aud} of its tokens), as a broker behind a proxy is configured.
   */
  public static BrokerUnderTest start(String catalogYaml, Map<String, String> env, ServerSettings settings,
      URI resource) throws InterruptedException {
    return start(catalogYaml, null, env, settings, Set.of(), resource);
  }

  /** Starts with {@code policiesYaml} in force (watched: {@link #policyFile()}), loopback defaults. */
  public static BrokerUnderTest start(String catalogYaml, String policiesYaml, Map<String, String> env)
      throws InterruptedException {
    return start(catalogYaml, policiesYaml, env, ServerSettings.loopback(0));
  }

  /** Starts with {@code policiesYaml} in force; null: permit every declared tool. */
  public static BrokerUnderTest start(String catalogYaml, String policiesYaml, Map<String, String> env,
      ServerSettings settings) throws InterruptedException {
    return start(catalogYaml, policiesYaml, env, settings, Set.of(), null);
  }

  /**
   * Starts with loopback defaults, a policy that permits every declared tool, and {@code auth}
   * (an external issuer, say) in place of the development issuer; {@link #token} is then unusable.
   */
  public static BrokerUnderTest start(String catalogYaml, Map<String, String> env, AuthSettings auth)
      throws InterruptedException {
    return start(catalogYaml, null, env, ServerSettings.loopback(0), state -> auth);
  }

  private static BrokerUnderTest start(String catalogYaml, String policiesYaml, Map<String, String> env,
      ServerSettings settings, Set<String> requiredScopes, URI resource) throws InterruptedException {
    return start(catalogYaml, policiesYaml, env, settings, state -> new AuthSettings(null, resource, null, null,
        null, null, requiredScopes, null, null, true, state.resolve("dev-issuer-key.json"), null));
  }

  private static BrokerUnderTest start(String catalogYaml, String policiesYaml, Map<String, String> env,
      ServerSettings settings, Function<Path, AuthSettings> authIn) throws InterruptedException {
    Catalog catalog = CatalogLoader.parse(catalogYaml, "tools.yaml", env);
    try {
      Path state = Files.createTempDirectory("mcp-broker-test");
      Path policyFile = state.resolve("policies.yaml");
      Files.writeString(policyFile, policiesYaml != null ? policiesYaml : permitAll(catalog));
      Files.writeString(state.resolve("tools.yaml"), catalogYaml);
      PolicySnapshot policy = PolicySnapshot.load(policyFile, catalog);
      AuthSettings auth = authIn.apply(state);
      AuditSettings audit = AuditSettings.under(state);
      return new BrokerUnderTest(Broker.start(new BrokerSettings(settings, auth, audit,
          AdminSettings.ephemeralUnder(state)), catalog, policy, state,
          env, Duration.ofSeconds(10)), audit, policyFile);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Returns a policy with one unconditional permit per tool of {@code catalog}. */
  public static String permitAll(Catalog catalog) {
    StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
    catalog.tools().keySet().forEach(name -> yaml.append("  - {id: \"permit-").append(name)
        .append("\", tools: [\"").append(name).append("\"], effect: permit}\n"));
    return yaml.toString();
  }

  /** Returns a valid session token for {@code agent} acting for {@code subject}. */
  public String token(String agent, String subject) {
    return broker.identity().devIssuer().mint(agent, subject, Duration.ofMinutes(10), Set.of(), Map.of());
  }

  /** Starts with loopback defaults and the given body limit. */
  public static BrokerUnderTest start(String catalogYaml, Map<String, String> env) throws InterruptedException {
    return start(catalogYaml, env, ServerSettings.loopback(0));
  }

  public URI url() {
    return broker.mcpUrl();
  }

  public Broker broker() {
    return broker;
  }

  /** Returns a client authenticated as {@code test-agent} acting for {@code customer-1}. */
  public McpHttp client() {
    return new McpHttp(url(), token("test-agent", "customer-1"));
  }

  /** Returns a client with {@code bearer} as its token (null: none). */
  public McpHttp client(String bearer) {
    return new McpHttp(url(), bearer);
  }

  /**
   * Returns the live pin of {@code tool} at {@code upstream}, as {@code mcp-broker catalog pins}
   * would print it; tests write it into their catalogs as an operator would.
   */
  public static String livePin(URI upstream, String tool) throws Exception {
    try (var http = dev.mcpbroker.transport.UpstreamHttpClient.create(Duration.ofSeconds(2))) {
      return livePin(new UpstreamClient(new UpstreamSpec("probe", upstream, null, Duration.ofSeconds(10), null, null),
          http), tool);
    }
  }

  private static String livePin(UpstreamClient client, String tool) throws Exception {
    UpstreamSession session = client.open("2025-11-25", Json.NODES.objectNode()).get(10, TimeUnit.SECONDS);
    try {
      JsonNode response = session.request("tools/list", Json.NODES.objectNode(), UpstreamListener.IGNORE)
          .response().get(10, TimeUnit.SECONDS);
      for (JsonNode t : response.path("result").path("tools")) {
        if (t.path("name").asText().equals(tool)) {
          return DefinitionHash.of(t);
        }
      }
      throw new AssertionError("upstream lists no tool " + tool);
    } finally {
      session.close();
    }
  }

  /** Returns a map for {@code ${NAME}} substitution. */
  public static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Override
  public void close() {
    broker.close();
  }
}
