package dev.mcpbroker.cli;

import dev.mcpbroker.Broker;
import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.CatalogLoader;
import dev.mcpbroker.config.AdminSettings;
import dev.mcpbroker.config.BrokerSettings;
import dev.mcpbroker.policy.PolicySnapshot;
import dev.mcpbroker.config.BrokerSettingsLoader;
import dev.mcpbroker.config.ConfigException;
import dev.mcpbroker.config.ServerSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Runs the broker from a configuration directory until the process is stopped. */
public final class RunCommand {
  private RunCommand() {}

  /**
   * Starts the broker from {@code configDir} (broker.yaml optional, tools.yaml and policies.yaml
   * required; policies.yaml is watched and reloaded); a {@code --port} or {@code --admin-port}
   * given on the command line wins over the file.
   */
  public static Broker start(Path configDir, Args args, Map<String, String> env) throws InterruptedException {
    return start(configDir, args, env, UnaryOperator.identity());
  }

  /** Starts like {@link #start(Path, Args, Map)} with {@code adjust} applied to the loaded settings. */
  static Broker start(Path configDir, Args args, Map<String, String> env, UnaryOperator<BrokerSettings> adjust)
      throws InterruptedException {
    BrokerSettings settings = adjust.apply(settings(configDir, args));
    Catalog catalog = CatalogLoader.load(configDir.resolve("tools.yaml"), env);
    PolicySnapshot policy = PolicySnapshot.load(configDir.resolve("policies.yaml"), catalog);
    return Broker.start(settings, catalog, policy, configDir, env, Duration.ofSeconds(10));
  }

  /** Loads broker.yaml from {@code configDir}, applying {@code --port} and {@code --admin-port}. */
  static BrokerSettings settings(Path configDir, Args args) {
    BrokerSettings settings = BrokerSettingsLoader.load(configDir.resolve("broker.yaml"), 8080);
    ServerSettings server = settings.server();
    if (args.options().containsKey("port")) {
      server = server.withPort(args.port("port", server.port()));
    }
    if (settings.auth().devIssuer()) {
      requireLoopback(server);
    }
    AdminSettings admin = settings.admin();
    if (args.options().containsKey("admin-port")) {
      admin = admin.withPort(args.port("admin-port", admin.port()));
    }
    return new BrokerSettings(server, settings.auth(), settings.audit(), admin);
  }

  /**
   * Refuses the development issuer on a non-loopback bind: its signing key sits on this disk, so
   * it proves nothing about who calls from another machine.
   */
  static void requireLoopback(ServerSettings settings) {
    try {
      if (!InetAddress.getByName(settings.host()).isLoopbackAddress()) {
        throw new ConfigException("server.host: " + settings.host()
            + " (expected: a loopback address while auth.devIssuer is true; configure an external issuer)");
      }
    } catch (UnknownHostException e) {
      throw new ConfigException("server.host: " + settings.host() + " (expected: a resolvable address)");
    }
  }

  static int run(Args args) throws InterruptedException {
    Path config = Path.of(args.option("config", "config"));
    Broker broker = start(config, args, System.getenv());
    System.out.println("MCP Broker listening on " + broker.mcpUrl());
    System.out.println("Admin API on " + broker.adminUrl() + " (token in " + broker.adminTokenFile() + ")");
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
    return Cli.KEEP_RUNNING; // Netty's event loop threads keep the process alive
  }
}
