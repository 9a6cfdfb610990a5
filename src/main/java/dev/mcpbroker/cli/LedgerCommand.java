package dev.mcpbroker.cli;

import dev.mcpbroker.backends.refunds.LedgerView;
import java.io.PrintStream;
import java.nio.file.Path;

/** Prints the money the refunds backend moved: {@code mcp-broker ledger [--db JDBC_URL]}. */
final class LedgerCommand {
  private LedgerCommand() {}

  static int run(Args args, PrintStream out) {
    if (args.words().size() != 1) {
      throw new Args.UsageException("ledger: unexpected argument " + args.words().get(1));
    }
    String url = args.option("db", Demo.database(Path.of(args.option("data", Demo.DEFAULT_DATA_DIR.toString()))).url());
    return LedgerView.printLedger(url, out);
  }
}
