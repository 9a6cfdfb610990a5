package dev.mcpbroker.cli;

import dev.mcpbroker.Broker;
import dev.mcpbroker.BrokerIdentity;
import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.escalations.EscalationsServer;
import dev.mcpbroker.backends.gate.ActionTokenGate;
import dev.mcpbroker.backends.orders.DemoSeed;
import dev.mcpbroker.backends.orders.OrdersServer;
import dev.mcpbroker.backends.refunds.FakePaymentsProvider;
import dev.mcpbroker.backends.refunds.RefundsConfig;
import dev.mcpbroker.backends.refunds.RefundsServer;
import dev.mcpbroker.backends.server.McpHttpServer;
import dev.mcpbroker.identity.ActionTokenVerifier;
import java.net.URI;
import dev.mcpbroker.config.AdminSettings;
import dev.mcpbroker.config.AuditSettings;
import dev.mcpbroker.config.AuthSettings;
import dev.mcpbroker.config.BrokerSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the demo in one process: the orders, refunds and escalations backends on loopback ports of
 * their own (the trust boundary stays real HTTP), sharing one H2 file database, each verifying
 * action tokens against the broker's published JWKS; and the broker in front of them.
 *
 * <p>Start order matters: the backends must be listening before the broker checks their pins, and
 * the broker must be listening before the backends can know its JWKS URL, so each gate reads its
 * verifier from a reference that is filled in once the broker is up. Until then every call is
 * refused (deny by default).
 */
public final class Demo implements AutoCloseable {
  /** Where the demo keeps its database by default, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIR = Path.of(".mcp-broker", "demo-db");

  private final Database db;
  private final OrdersServer orders;
  private final RefundsServer refunds;
  private final EscalationsServer escalations;
  private final Broker broker;

  private Demo(Database db, OrdersServer orders, RefundsServer refunds, EscalationsServer escalations,
      Broker broker) {
    this.db = db;
    this.orders = orders;
    this.refunds = refunds;
    this.escalations = escalations;
    this.broker = broker;
  }

  /** Returns the JDBC settings of the demo database in {@code dataDir}. */
  public static DatabaseConfig database(Path dataDir) {
    return DatabaseConfig.h2File(dataDir);
  }

  /**
   * Starts the demo.
   *
   * @param configDir the broker's configuration ({@code broker.yaml}, {@code tools.yaml})
   * @param dataDir the database directory, created and seeded on first start
   * @param port the broker's port, or null for broker.yaml's (0: ephemeral)
   * @param env the environment ({@code REFUNDS_CAP}, {@code REFUNDS_PAYMENTS_KEY}, ...)
   */
  public static Demo start(Path configDir, Path dataDir, Integer port, Map<String, String> env)
      throws InterruptedException {
    Database db = Database.open(database(dataDir), DemoSeed.INSTANCE);
    AtomicReference<ActionTokenVerifier> ordersKeys = new AtomicReference<>();
    AtomicReference<ActionTokenVerifier> refundsKeys = new AtomicReference<>();
    AtomicReference<ActionTokenVerifier> escalationsKeys = new AtomicReference<>();
    OrdersServer orders = null;
    RefundsServer refunds = null;
    EscalationsServer escalations = null;
    try {
      orders = OrdersServer.start("127.0.0.1", 0, db, new ActionTokenGate(ordersKeys::get));
      RefundsConfig refundsConfig = RefundsConfig.fromEnv(env);
      refunds = RefundsServer.start("127.0.0.1", 0, db, refundsConfig,
          new FakePaymentsProvider(refundsConfig.paymentsKey()), BackendCommand.gateFor("refunds", refundsKeys));
      escalations = EscalationsServer.start("127.0.0.1", 0, db, new ActionTokenGate(escalationsKeys::get));
      Map<String, String> withPorts = new HashMap<>(env);
      withPorts.put("ORDERS_PORT", Integer.toString(orders.mcpUrl().getPort()));
      withPorts.put("REFUNDS_PORT", Integer.toString(refunds.mcpUrl().getPort()));
      withPorts.put("ESCALATIONS_PORT", Integer.toString(escalations.mcpUrl().getPort()));
      Args args = new Args(List.of(), port == null ? Map.of() : Map.of("port", Integer.toString(port)));
      Broker broker = RunCommand.start(configDir, args, withPorts, settings -> stateIn(settings, dataDir));
      URI jwks = broker.mcpUrl().resolve("/.well-known/jwks.json");
      // each backend trusts the keys the broker publishes, for its own audience (its URL)
      ordersKeys.set(verifier(jwks, orders.mcpUrl()));
      refundsKeys.set(verifier(jwks, refunds.mcpUrl()));
      escalationsKeys.set(verifier(jwks, escalations.mcpUrl()));
      return new Demo(db, orders, refunds, escalations, broker);
    } catch (RuntimeException | InterruptedException e) {
      closeAll(escalations, refunds, orders, db);
      throw e;
    }
  }

  /**
   * Keeps a demo started on another data directory (tests, a second demo) self-contained: its
   * development key and audit log live beside its database instead of where broker.yaml says.
   */
  private static BrokerSettings stateIn(BrokerSettings settings, Path dataDir) {
    if (dataDir.equals(DEFAULT_DATA_DIR)) {
      return settings;
    }
    AuthSettings a = settings.auth();
    AuthSettings auth = a.devIssuer()
        ? new AuthSettings(a.issuer(), a.resource(), null, null, a.maxLifetime(), a.clockSkew(), a.requiredScopes(),
            a.authorizationServers(), a.scopesSupported(), true, dataDir.resolve("dev-issuer-key.json"),
            a.actionTokenTtl(), a.jwksRefetchInterval())
        : a;
    // and its admin API takes a free port, its token file beside the database too
    return new BrokerSettings(settings.server(), auth, AuditSettings.under(dataDir),
        AdminSettings.ephemeralUnder(dataDir));
  }

  private static ActionTokenVerifier verifier(URI jwks, URI audience) {
    return new ActionTokenVerifier(jwks, BrokerIdentity.ACTION_TOKEN_ISSUER, audience);
  }

  /** Returns the broker. */
  public Broker broker() {
    return broker;
  }

  /** Returns the database the backends share. */
  public Database database() {
    return db;
  }

  /** Returns the orders backend's own endpoint (clients never need it). */
  public URI ordersUrl() {
    return orders.mcpUrl();
  }

  /** Returns the refunds backend's own endpoint (clients never need it). */
  public URI refundsUrl() {
    return refunds.mcpUrl();
  }

  /** Returns the escalations backend's own endpoint (clients never need it). */
  public URI escalationsUrl() {
    return escalations.mcpUrl();
  }

  /** Returns the MCP server of backend {@code name} (orders, refunds or escalations). */
  public McpHttpServer backend(String name) {
    return switch (name) {
      case "orders" -> orders.server();
      case "refunds" -> refunds.server();
      case "escalations" -> escalations.server();
      default -> throw new IllegalArgumentException("backend: \"" + name + "\" (expected: orders, refunds or escalations)");
    };
  }

  /** Stops the broker, then the backends, then closes the database. */
  @Override
  public void close() {
    try {
      broker.close();
    } finally {
      closeAll(escalations, refunds, orders, db);
    }
  }

  private static void closeAll(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception e) {
        System.err.println("demo: closing " + part + " failed: " + e);
      }
    }
  }
}
