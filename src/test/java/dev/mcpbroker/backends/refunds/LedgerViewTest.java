package dev.mcpbroker.backends.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.orders.Currency;
import dev.mcpbroker.backends.orders.DemoSeed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerViewTest {
  @TempDir Path dir;

  @Test
  void printLedger_listsTheMoneyMovedAfterARestart() {
    DatabaseConfig config = DatabaseConfig.h2File(dir);
    String refundId;
    try (Database db = Database.open(config, DemoSeed.INSTANCE)) {
      RefundOutcome outcome = new RefundDesk(db, RefundsConfig.withKey(""), new FakePaymentsProvider(""))
          .issue(new RefundRequest("ord_0042", new BigDecimal("12.5"), Currency.EUR, "late\tdelivery"),
              Optional.empty(), "k1");
      refundId = ((RefundOutcome.Issued) outcome).entry().refundId();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int status = LedgerView.printLedger(config.url(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(status).isZero();
    assertThat(printed.lines())
        .contains("1 refund")
        .anySatisfy(l -> assertThat(l).startsWith(refundId + "\tord_0042\tcustomer-42\t12.50\tEUR\t")
            .endsWith("\tlate delivery"));
  }

  @Test
  void printLedger_ofAMissingDatabase_failsWithoutCreatingOne() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int status = LedgerView.printLedger(DatabaseConfig.h2File(dir.resolve("none")).url(),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(1);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("ledger: cannot read ");
    assertThat(dir.resolve("none")).doesNotExist();
  }
}
