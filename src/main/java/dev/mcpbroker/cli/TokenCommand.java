package dev.mcpbroker.cli;

import dev.mcpbroker.BrokerIdentity;
import dev.mcpbroker.config.BrokerSettings;
import dev.mcpbroker.config.ConfigException;
import dev.mcpbroker.config.Durations;
import dev.mcpbroker.identity.DevIssuer;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code mcp-broker token mint --agent A --for S [--ttl 5m] [--scope a,b]}: signs a development
 * session token with the broker's development issuer (which must be enabled in broker.yaml).
 */
final class TokenCommand {
  private TokenCommand() {}

  static int mint(Args args, PrintStream out) {
    Path config = Path.of(args.option("config", "config"));
    BrokerSettings settings = RunCommand.settings(config, args);
    if (!settings.auth().devIssuer()) {
      throw new ConfigException("auth.devIssuer: false (expected: true to mint development tokens;"
          + " production tokens come from your issuer)");
    }
    String agent = required(args, "agent");
    String subject = required(args, "for");
    Duration ttl = Durations.parse("--ttl", args.option("ttl", "15m"));
    Set<String> scopes = args.options().containsKey("scope")
        ? Arrays.stream(args.option("scope", "").split("[, ]+")).filter(x -> !x.isBlank()).collect(Collectors.toSet())
        : Set.of();
    out.println(issuer(settings).mint(agent, subject, ttl, scopes, Map.of()));
    return 0;
  }

  /** Returns the development issuer for the broker configured by {@code settings}. */
  static DevIssuer issuer(BrokerSettings settings) {
    return BrokerIdentity.devIssuer(settings.auth(), resource(settings));
  }

  static URI resource(BrokerSettings settings) {
    if (settings.auth().resource() != null) {
      return settings.auth().resource();
    }
    return settings.server().endpointUrl(settings.server().port());
  }

  private static String required(Args args, String name) {
    String value = args.options().get(name);
    if (value == null || value.isBlank()) {
      throw new Args.UsageException("--" + name + ": missing");
    }
    return value;
  }
}
