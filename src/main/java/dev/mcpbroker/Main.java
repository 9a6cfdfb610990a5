package dev.mcpbroker;

import dev.mcpbroker.cli.Cli;

/** Entry point of the {@code mcp-broker} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = Cli.run(args, System.out, System.err);
    if (code != Cli.KEEP_RUNNING) {
      System.exit(code);
    }
  }
}
