package dev.mcpbroker.cli;

import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.db.DatabaseException;
import dev.mcpbroker.backends.escalations.Ticket;
import dev.mcpbroker.backends.escalations.TicketDesk;
import dev.mcpbroker.backends.orders.DemoSeed;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** Lists the escalation tickets agents opened, for the humans they are for: {@code mcp-broker tickets}. */
final class TicketsCommand {
  private TicketsCommand() {}

  static int run(Args args, PrintStream out) {
    if (args.words().size() != 1) {
      throw new Args.UsageException("tickets: unexpected argument " + args.words().get(1));
    }
    DatabaseConfig config = args.options().containsKey("db")
        ? new DatabaseConfig(args.option("db", null), System.getenv().getOrDefault("DB_USER", ""),
            System.getenv().getOrDefault("DB_PASSWORD", ""))
        : Demo.database(Path.of(args.option("data", Demo.DEFAULT_DATA_DIR.toString())));
    try (Database db = Database.open(config, DemoSeed.INSTANCE)) {
      List<Ticket> tickets = new TicketDesk(db).list();
      out.println("ticket_id\tstatus\tcustomer_id\torder_id\tcreated_at\tsummary");
      for (Ticket t : tickets) {
        out.println(String.join("\t", t.ticketId(), t.status(), String.valueOf(t.customerId()),
            t.order().orElse("-"), t.createdAt().toString(), t.summary().replaceAll("[\\t\\r\\n]", " ")));
      }
      out.println(tickets.size() + (tickets.size() == 1 ? " ticket" : " tickets"));
      return 0;
    } catch (DatabaseException e) {
      out.println("tickets: cannot read " + config.url() + ": " + e.getMessage()
          + " (a running demo holds its database; stop it, then run this again)");
      return 1;
    }
  }
}
