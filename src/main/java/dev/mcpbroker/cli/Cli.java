package dev.mcpbroker.cli;

import dev.mcpbroker.audit.AuditCommands;
import dev.mcpbroker.catalog.CatalogException;
import dev.mcpbroker.config.ConfigException;
import dev.mcpbroker.policy.PolicyCommands;
import dev.mcpbroker.policy.PolicyException;
import java.io.PrintStream;
import java.util.Set;

/** Dispatches the {@code mcp-broker} subcommands and turns bad input into a message and an exit code. */
public final class Cli {
  /** Returned by a command that started servers which keep running. */
  public static final int KEEP_RUNNING = -1;

  static final String USAGE = """
      usage: mcp-broker <command> [options]
        run           [--config DIR] [--port N]   run the broker (DIR/broker.yaml, tools.yaml, policies.yaml)
                      [--admin-port N]            the admin API's port (default: broker.yaml's admin.port)
        demo          [--port N] [--data DIR]     run the broker in front of the reference backends
                                                  (database in DIR, default .mcp-broker/demo-db)
        ledger        [--db JDBC_URL | --data DIR]  print the money the refunds backend moved
                                                  (default: the demo's database)
        tickets       [--db JDBC_URL | --data DIR]  list the escalation tickets agents opened
        backend       orders|refunds|escalations --broker-jwks URL [--port N] [--audience URI]
                      [--db JDBC_URL] [--host H]  run one reference backend alone, verifying action tokens
                      [--config FILE]             its settings and secrets as NAME=value lines (else the environment)
        catalog pins  [--config DIR]              print live tool pins next to the pinned ones
        token mint    --agent A --for S [--ttl 5m] [--scope a,b] [--config DIR]
                                                  sign a development session token
        audit verify  DIR --key PUBKEY [--trusted-checkpoint FILE|JSON]
                                                  check the audit log: chain, tree, signed checkpoints
        audit query   DIR [--agent A] [--subject S] [--tool T] [--decision D] [--since T] [--until T]
                                                  what did this agent touch, and when
        policy test   [DIR]                       run the tests embedded in DIR/policies.yaml (default config)
        policy explain [DIR] --call FILE          show which rules match one call, and why
        health        [--url URL]                 exit 0 if URL (default http://127.0.0.1:9090/healthz)
                                                  answers 200, else 1 (the container's health check)
      """;

  private Cli() {}

  /** Runs one command line; returns the exit code. */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    if (argv.length >= 2 && argv[0].equals("audit")) {
      // the audit commands parse their own options (they also run offline, on a copied log)
      String[] rest = java.util.Arrays.copyOfRange(argv, 2, argv.length);
      switch (argv[1]) {
        case "verify":
          return AuditCommands.verify(rest, out);
        case "query":
          return AuditCommands.query(rest, out);
        default:
          err.println("mcp-broker: audit: expected verify or query");
          err.print(USAGE);
          return 2;
      }
    }
    if (argv.length >= 1 && argv[0].equals("policy")) {
      // like audit: the policy commands parse their own arguments and run without a broker
      String[] rest = java.util.Arrays.copyOfRange(argv, Math.min(2, argv.length), argv.length);
      switch (argv.length >= 2 ? argv[1] : "") {
        case "test":
          return PolicyCommands.test(rest, out);
        case "explain":
          return PolicyCommands.explain(rest, out);
        default:
          err.println("mcp-broker: policy: expected test or explain");
          err.print(USAGE);
          return 2;
      }
    }
    try {
      Args args = Args.parse(argv, Set.of("config", "port", "admin-port", "agent", "for", "ttl", "scope", "data", "db", "broker-jwks", "audience", "url", "host"));
      String command = args.words().isEmpty() ? "help" : args.words().get(0);
      switch (command) {
        case "run":
          return RunCommand.run(args);
        case "demo":
          return DemoCommand.run(args, out);
        case "tickets":
          return TicketsCommand.run(args, out);
        case "ledger":
          return LedgerCommand.run(args, out);
        case "backend":
          return BackendCommand.run(args, out);
        case "health":
          return HealthCommand.run(args, out, err);
        case "catalog":
          if (args.words().size() == 2 && args.words().get(1).equals("pins")) {
            return PinsCommand.run(args, out);
          }
          throw new Args.UsageException("catalog: expected the subcommand 'pins'");
        case "token":
          if (args.words().size() == 2 && args.words().get(1).equals("mint")) {
            return TokenCommand.mint(args, out);
          }
          throw new Args.UsageException("token: expected the subcommand 'mint'");
        case "help":
        case "--help":
          out.print(USAGE);
          return 0;
        default:
          throw new Args.UsageException(command + ": unknown command");
      }
    } catch (Args.UsageException e) {
      err.println("mcp-broker: " + e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("mcp-broker: " + e.getMessage());
      return 2;
    } catch (ConfigException | CatalogException | PolicyException e) {
      err.println("mcp-broker: configuration rejected: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }
}
