package dev.mcpbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.escalations.Ticket;
import dev.mcpbroker.backends.escalations.TicketDesk;
import dev.mcpbroker.backends.orders.DemoSeed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A human lists the tickets agents opened: {@code mcp-broker tickets --data DIR}. */
class TicketsCommandTest {
  @TempDir Path dir;

  @Test
  void tickets_listsWhatAgentsOpened() {
    Ticket opened;
    try (Database db = Database.open(Demo.database(dir), DemoSeed.INSTANCE)) {
      opened = new TicketDesk(db).open("customer says the grinder is broken", "ord_0042", Optional.of("customer-42"))
          .orElseThrow();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Cli.run(new String[] {"tickets", "--data", dir.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed).isZero();
    assertThat(printed).contains(opened.ticketId()).contains("customer-42").contains("ord_0042")
        .contains("grinder is broken").contains("1 ticket");
  }
}
