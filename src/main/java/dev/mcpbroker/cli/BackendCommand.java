package dev.mcpbroker.cli;

import dev.mcpbroker.BrokerIdentity;
import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.db.Secrets;
import dev.mcpbroker.backends.escalations.EscalationsServer;
import dev.mcpbroker.backends.gate.ActionTokenGate;
import dev.mcpbroker.backends.gate.CallGate;
import dev.mcpbroker.backends.orders.DemoSeed;
import dev.mcpbroker.backends.orders.OrdersServer;
import dev.mcpbroker.backends.refunds.FakePaymentsProvider;
import dev.mcpbroker.backends.refunds.PaymentsProvider;
import dev.mcpbroker.backends.refunds.RefundsConfig;
import dev.mcpbroker.backends.refunds.RefundsServer;
import dev.mcpbroker.identity.ActionTokenVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one reference backend alone, as its own process, the way a deployment runs its services:
 * {@code mcp-broker backend orders|refunds|escalations --port N --broker-jwks URL [--audience URI]
 * [--db JDBC_URL] [--host H] [--config FILE]}. {@code --host} (default 127.0.0.1) is the address to bind and the
 * only Host header accepted besides the loopback names: in a container, the name the broker
 * calls it by (deploy/ sets the container's hostname to it, so it resolves to the container's own
 * address). Every call must carry an action token the broker at {@code --broker-jwks}
 * signed for {@code --audience} (default: this backend's own URL).
 *
 * <p>Secrets come from the environment or a file, never the command line: {@code <NAME>_DB_USER},
 * {@code <NAME>_DB_PASSWORD[_FILE]}, {@code <NAME>_DB_URL} (when {@code --db} is absent; default
 * an H2 file under {@code data/}), and for refunds {@code REFUNDS_CAP} and
 * {@code REFUNDS_PAYMENTS_KEY[_FILE]}. {@code --config FILE} reads the same variables from
 * {@code NAME=value} lines ({@code #} comments, blank lines); a variable also set in the
 * environment takes the environment's value, and a name this backend does not read is an error.
 */
final class BackendCommand {
  private BackendCommand() {}

  /** A backend started by this command. */
  record Running(AutoCloseable server, Database db, URI mcpUrl) {}

  static int run(Args args, PrintStream out) {
    Running running = start(args, System.getenv());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.server().close();
      } catch (Exception e) {
        System.err.println("backend: stopping failed: " + e);
      } finally {
        running.db().close();
      }
    }, "backend-shutdown"));
    out.println(args.words().get(1) + ": MCP endpoint at " + running.mcpUrl()
        + " (database " + running.db().config() + ")");
    return Cli.KEEP_RUNNING; // Jetty's threads keep the process alive
  }

  static Running start(Args args, Map<String, String> environment) {
    if (args.words().size() != 2) {
      throw new Args.UsageException("backend: expected one of orders, refunds, escalations");
    }
    String name = args.words().get(1);
    if (!name.equals("orders") && !name.equals("refunds") && !name.equals("escalations")) {
      throw new Args.UsageException("backend: " + name + " (expected: orders, refunds or escalations)");
    }
    Map<String, String> env = args.options().containsKey("config")
        ? withConfigFile(name, Path.of(args.options().get("config")), environment)
        : environment;
    String jwksText = args.options().get("broker-jwks");
    if (jwksText == null) {
      throw new Args.UsageException("backend: --broker-jwks URL is required (the broker's /.well-known/jwks.json)");
    }
    URI jwks = uri("broker-jwks", jwksText, true);
    URI audience = args.options().containsKey("audience") ? uri("audience", args.options().get("audience"), false) : null;
    int port = args.port("port", 0);
    String host = args.option("host", "127.0.0.1");
    String prefix = name.toUpperCase(Locale.ROOT) + "_";
    DatabaseConfig dbConfig = args.options().containsKey("db")
        ? new DatabaseConfig(args.options().get("db"), env.getOrDefault(prefix + "DB_USER", "sa"),
            Secrets.read(env, prefix + "DB_PASSWORD").orElse(""))
        : DatabaseConfig.fromEnv(env, prefix, Path.of("data"));
    AtomicReference<ActionTokenVerifier> keys = new AtomicReference<>();
    CallGate gate = gateFor(name, keys);
    Database db = Database.open(dbConfig, DemoSeed.INSTANCE);
    try {
      AutoCloseable server;
      URI url;
      switch (name) {
        case "orders" -> {
          OrdersServer s = OrdersServer.start(host, port, db, gate);
          server = s;
          url = s.mcpUrl();
        }
        case "refunds" -> {
          RefundsConfig config = RefundsConfig.fromEnv(env);
          RefundsServer s = RefundsServer.start(host, port, db, config, payments(config, env), gate);
          server = s;
          url = s.mcpUrl();
        }
        default -> {
          EscalationsServer s = EscalationsServer.start(host, port, db, gate);
          server = s;
          url = s.mcpUrl();
        }
      }
      keys.set(new ActionTokenVerifier(jwks, BrokerIdentity.ACTION_TOKEN_ISSUER, audience != null ? audience : url));
      return new Running(server, db, url);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** The variables each backend reads, less its prefix ({@code REFUNDS_}, ...). */
  private static final List<String> DB_VARIABLES = List.of("DB_URL", "DB_USER", "DB_PASSWORD", "DB_PASSWORD_FILE");
  private static final List<String> REFUNDS_VARIABLES = List.of("CAP", "PAYMENTS_KEY", "PAYMENTS_KEY_FILE");

  /**
   * Returns {@code environment} over the variables of {@code file}: {@code NAME=value} lines, each
   * a variable {@code backend} reads (its database settings, and for refunds its cap and payments
   * key), {@code #} comments and blank lines ignored.
   */
  static Map<String, String> withConfigFile(String backend, Path file, Map<String, String> environment) {
    String prefix = backend.toUpperCase(Locale.ROOT) + "_";
    Set<String> known = new TreeSet<>();
    DB_VARIABLES.forEach(v -> known.add(prefix + v));
    if (backend.equals("refunds")) {
      REFUNDS_VARIABLES.forEach(v -> known.add(prefix + v));
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Args.UsageException("--config: " + file + " (expected: a readable file of NAME=value lines)");
    }
    Map<String, String> merged = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? line : line.substring(0, eq).strip();
      if (eq < 0 || !known.contains(key)) {
        // the line may hold a secret: name its number and key only
        throw new Args.UsageException("--config: " + file + " line " + (i + 1) + ": " + key
            + (eq < 0 ? " (expected: NAME=value)" : " (expected one of: " + String.join(", ", known) + ")"));
      }
      merged.put(key, line.substring(eq + 1).strip());
    }
    merged.putAll(environment);
    return merged;
  }

  /**
   * Returns the gate of {@code backend}. Refunds key idempotency by the call (subject, tool,
   * argument digest), not by the token: every call through the broker carries a fresh token, so
   * keyed by {@code jti} twenty identical clicks would pay until the order's remaining amount ran
   * out; keyed by the call they pay once and the rest get the same refund back.
   */
  static CallGate gateFor(String backend, AtomicReference<ActionTokenVerifier> keys) {
    return backend.equals("refunds") ? ActionTokenGate.keyedByCall(keys::get) : new ActionTokenGate(keys::get);
  }

  /**
   * Returns the in-process fake provider; with {@code REFUNDS_FAKE_PAYMENTS_DELAY_MS} it announces
   * each payment on stdout and then takes that long, inside the refund's transaction, so that a
   * crash test can kill the process at exactly that point.
   */
  static PaymentsProvider payments(RefundsConfig config, Map<String, String> env) {
    FakePaymentsProvider fake = new FakePaymentsProvider(config.paymentsKey());
    String delay = env.get("REFUNDS_FAKE_PAYMENTS_DELAY_MS");
    if (delay == null) {
      return fake;
    }
    long millis;
    try {
      millis = Long.parseLong(delay);
    } catch (NumberFormatException e) {
      throw new Args.UsageException("REFUNDS_FAKE_PAYMENTS_DELAY_MS: " + delay + " (expected: milliseconds)");
    }
    return (key, refundId, orderId, amount, currency) -> {
      System.out.println("payments: paying " + refundId + " (uncommitted)");
      System.out.flush();
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while paying", e);
      }
      return fake.refund(key, refundId, orderId, amount, currency);
    };
  }

  // an audience may be any absolute URI (a URL or a URN); the JWKS must be fetchable
  private static URI uri(String option, String text, boolean needsHost) {
    try {
      URI uri = URI.create(text);
      if (uri.getScheme() == null || (needsHost && uri.getHost() == null)) {
        throw new IllegalArgumentException("not absolute");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException("--" + option + ": " + text
          + (needsHost ? " (expected: an absolute URL)" : " (expected: an absolute URI)"));
    }
  }
}
