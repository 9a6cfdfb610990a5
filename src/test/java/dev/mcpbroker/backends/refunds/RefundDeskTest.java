package dev.mcpbroker.backends.refunds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.orders.Currency;
import dev.mcpbroker.backends.orders.DemoSeed;
import dev.mcpbroker.backends.orders.JdbcOrderBook;
import dev.mcpbroker.backends.orders.Order;
import dev.mcpbroker.backends.orders.OrderStatus;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives the refund decision and the ledger directly, on a fresh seeded database per test. */
class RefundDeskTest {
  private final Database db = Database.open(DatabaseConfig.h2Memory(), DemoSeed.INSTANCE);
  private final FakePaymentsProvider payments = new FakePaymentsProvider("test-key");
  private final RefundDesk desk = new RefundDesk(db, RefundsConfig.withKey("test-key"), payments);
  private final LedgerView ledger = new LedgerView(db);

  @AfterEach
  void close() {
    db.close();
  }

  private static RefundRequest refund(String orderId, String amount, Currency currency) {
    return new RefundRequest(orderId, new BigDecimal(amount), currency, "damaged in transit");
  }

  private RefundOutcome issue(RefundRequest r, String customer, String key) {
    return desk.issue(r, Optional.ofNullable(customer), key);
  }

  private Order order(String id) {
    return new JdbcOrderBook(db).find(id, Optional.empty()).orElseThrow();
  }

  @Test
  void refundUnderRemaining_landsExactlyOneLedgerRow() {
    RefundOutcome outcome = issue(refund("ord_0042", "40.00", Currency.EUR), "customer-42", "k1");

    assertThat(outcome).isInstanceOf(RefundOutcome.Issued.class);
    LedgerEntry entry = ((RefundOutcome.Issued) outcome).entry();
    assertThat(ledger.all()).containsExactly(entry);
    assertThat(entry.refundId()).matches("rf_[0-9a-f]{20}");
    assertThat(entry.amount()).isEqualByComparingTo("40.00");
    assertThat(order("ord_0042").refunded()).isEqualByComparingTo("40.00");
    assertThat(order("ord_0042").status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(payments.charges()).singleElement().extracting(c -> c.refundId()).isEqualTo(entry.refundId());
  }

  @Test
  void refundOfAllThatRemains_marksTheOrderRefunded() {
    // ord_0043: 100.99 USD with 11.00 refunded
    assertThat(issue(refund("ord_0043", "89.99", Currency.USD), null, "k1"))
        .isInstanceOf(RefundOutcome.Issued.class);

    assertThat(order("ord_0043").status()).isEqualTo(OrderStatus.REFUNDED);
  }

  @Test
  void refundBeyondWhatRemains_isRefusedLedgerUnchanged() {
    RefundOutcome outcome = issue(refund("ord_0043", "90.00", Currency.USD), null, "k1");

    assertThat(outcome).isEqualTo(new RefundOutcome.Refused("over_remaining",
        "amount: 90.00 (expected: <= 89.99, what remains refundable of order ord_0043)"));
    assertThat(ledger.all()).isEmpty();
    assertThat(payments.charges()).isEmpty();
    assertThat(order("ord_0043").refunded()).isEqualByComparingTo("11.00");
  }

  @Test
  void secondRefundBeyondWhatRemains_isRefused() {
    issue(refund("ord_0042", "100.00", Currency.EUR), null, "k1");

    assertThat(issue(refund("ord_0042", "100.00", Currency.EUR), null, "k2"))
        .extracting(o -> ((RefundOutcome.Refused) o).code()).isEqualTo("over_remaining");
    assertThat(ledger.forOrder("ord_0042")).hasSize(1);
  }

  @Test
  void wrongCurrency_isRefused() {
    assertThat(issue(refund("ord_0042", "10.00", Currency.USD), null, "k1"))
        .isEqualTo(new RefundOutcome.Refused("currency_mismatch",
            "currency: USD (expected: EUR, the currency of order ord_0042)"));
    assertThat(ledger.all()).isEmpty();
  }

  @Test
  void overTheCap_isRefusedAndTheCapItselfIsPaid() {
    // ord_0007: 649.00 USD, more than the 500.00 cap
    assertThat(issue(refund("ord_0007", "500.01", Currency.USD), null, "k1"))
        .isEqualTo(new RefundOutcome.Refused("over_cap",
            "amount: 500.01 (expected: <= 500.00, this service's cap per refund)"));
    assertThat(issue(refund("ord_0007", "500.00", Currency.USD), null, "k2"))
        .isInstanceOf(RefundOutcome.Issued.class);
    assertThat(ledger.all()).hasSize(1);
  }

  @Test
  void zeroAmount_isRefused() {
    assertThat(issue(refund("ord_0042", "0.00", Currency.EUR), null, "k1"))
        .extracting(o -> ((RefundOutcome.Refused) o).code()).isEqualTo("amount_not_positive");
    assertThat(ledger.all()).isEmpty();
  }

  @Test
  void anotherCustomersOrder_isRefusedAsNotFound() {
    assertThat(issue(refund("ord_0042", "10.00", Currency.EUR), "customer-1", "k1"))
        .isEqualTo(new RefundOutcome.Refused("not_found", "order ord_0042 not found"));
    assertThat(ledger.all()).isEmpty();
    assertThat(order("ord_0042").refunded()).isEqualByComparingTo("0.00");
  }

  @Test
  void sameIdempotencyKeyTwice_paysOnce() {
    RefundOutcome first = issue(refund("ord_0042", "10.00", Currency.EUR), null, "k1");
    RefundOutcome second = issue(refund("ord_0042", "10.00", Currency.EUR), null, "k1");

    assertThat(second).isEqualTo(new RefundOutcome.Issued(((RefundOutcome.Issued) first).entry(), true));
    assertThat(ledger.all()).hasSize(1);
    assertThat(payments.charges()).hasSize(1);
    assertThat(order("ord_0042").refunded()).isEqualByComparingTo("10.00");
  }

  @Test
  void sameKeyWithOtherArguments_isRefused() {
    issue(refund("ord_0042", "10.00", Currency.EUR), null, "k1");

    assertThat(issue(refund("ord_0042", "20.00", Currency.EUR), null, "k1"))
        .extracting(o -> ((RefundOutcome.Refused) o).code()).isEqualTo("idempotency_key_reused");
    assertThat(ledger.all()).hasSize(1);
  }

  @Test
  void declinedPayment_leavesNoLedgerRowAndTheOrderUntouched() {
    RefundDesk declining = new RefundDesk(db, RefundsConfig.withKey("k"),
        (key, refundId, orderId, amount, currency) -> {
          throw new IllegalStateException("provider declined");
        });

    assertThatIllegalStateException().isThrownBy(() -> declining.issue(
        refund("ord_0042", "10.00", Currency.EUR), Optional.empty(), "k1"));
    assertThat(ledger.all()).isEmpty();
    assertThat(order("ord_0042").refunded()).isEqualByComparingTo("0.00");
  }
}
