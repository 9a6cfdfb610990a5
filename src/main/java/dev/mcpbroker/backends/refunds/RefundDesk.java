package dev.mcpbroker.backends.refunds;

import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseException;
import dev.mcpbroker.backends.orders.Currency;
import dev.mcpbroker.backends.refunds.RefundOutcome.Issued;
import dev.mcpbroker.backends.refunds.RefundOutcome.Refused;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Decides and pays refunds.
 *
 * <p>Design note: every check and every write happens in one transaction that first locks the
 * order row ({@code SELECT ... FOR UPDATE}). Concurrent refunds of one order therefore queue, and
 * each sees what the one before it committed: the idempotency key, the refunded amount. The
 * ledger's UNIQUE idempotency key backs this up when one key is used on two orders at once (two
 * different row locks): the loser's insert fails, it rolls back, and one retry finds the winner's
 * row. The provider is paid last inside the transaction, with the idempotency key, so a failed
 * payment rolls the ledger back and a retried one is not paid twice by a real provider.
 */
public final class RefundDesk {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database db;
  private final RefundsConfig config;
  private final PaymentsProvider payments;

  /** Pays through {@code payments} and records in {@code db}, within {@code config}'s cap. */
  public RefundDesk(Database db, RefundsConfig config, PaymentsProvider payments) {
    this.db = db;
    this.config = config;
    this.payments = payments;
  }

  /**
   * Issues {@code request} for a caller scoped to {@code customer} (empty: unscoped), once per
   * {@code idempotencyKey}.
   */
  public RefundOutcome issue(RefundRequest request, Optional<String> customer, String idempotencyKey) {
    try {
      return attempt(request, customer, idempotencyKey);
    } catch (DatabaseException e) {
      if (!Database.UNIQUE_VIOLATION.equals(e.sqlState())) {
        throw e;
      }
      return attempt(request, customer, idempotencyKey); // the key's winner has committed by now
    }
  }

  private RefundOutcome attempt(RefundRequest r, Optional<String> customer, String key) {
    return db.inTransaction("issue_refund " + r.orderId(), c -> decide(c, r, customer, key));
  }

  private RefundOutcome decide(Connection c, RefundRequest r, Optional<String> customer, String key)
      throws SQLException {
    Optional<OrderRow> locked = OrderRow.lock(c, r.orderId());
    // another customer's order reads exactly like a missing one
    if (locked.isEmpty() || customer.filter(id -> !id.equals(locked.get().customerId())).isPresent()) {
      return new Refused("not_found", "order " + r.orderId() + " not found");
    }
    OrderRow order = locked.get();
    Optional<LedgerEntry> earlier = LedgerView.byKey(c, key);
    if (earlier.isPresent()) {
      return replay(earlier.get(), r);
    }
    if (r.currency() != order.currency()) {
      return new Refused("currency_mismatch", "currency: " + r.currency()
          + " (expected: " + order.currency() + ", the currency of order " + r.orderId() + ")");
    }
    if (r.amount().signum() <= 0) {
      return new Refused("amount_not_positive", "amount: " + r.amount() + " (expected: > 0)");
    }
    if (r.amount().compareTo(config.cap()) > 0) {
      return new Refused("over_cap", "amount: " + r.amount() + " (expected: <= " + config.cap()
          + ", this service's cap per refund)");
    }
    BigDecimal remaining = order.total().subtract(order.refunded());
    if (r.amount().compareTo(remaining) > 0) {
      return new Refused("over_remaining", "amount: " + r.amount() + " (expected: <= " + remaining
          + ", what remains refundable of order " + r.orderId() + ")");
    }
    LedgerEntry entry = new LedgerEntry(newRefundId(), r.orderId(), order.customerId(), r.amount(),
        r.currency().name(), r.reason(), key,
        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
    insert(c, entry);
    order.addRefund(c, r.amount());
    payments.refund(key, entry.refundId(), r.orderId(), r.amount(), r.currency());
    return new Issued(entry, false);
  }

  // One key authorises one refund: the same call again gets the same answer, a different call
  // under a used key (a replayed token with edited arguments) gets nothing.
  private static RefundOutcome replay(LedgerEntry earlier, RefundRequest r) {
    boolean same = earlier.orderId().equals(r.orderId())
        && earlier.amount().compareTo(r.amount()) == 0
        && earlier.currency().equals(r.currency().name());
    return same
        ? new Issued(earlier, true)
        : new Refused("idempotency_key_reused",
            "idempotency key already paid refund " + earlier.refundId() + " with other arguments");
  }

  private static void insert(Connection c, LedgerEntry e) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO ledger (refund_id, order_id,"
        + " customer_id, amount, currency, reason, idempotency_key, created_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, e.refundId());
      s.setString(2, e.orderId());
      s.setString(3, e.customerId());
      s.setBigDecimal(4, e.amount());
      s.setString(5, e.currency());
      s.setString(6, e.reason());
      s.setString(7, e.idempotencyKey());
      s.setObject(8, e.createdAt());
      s.executeUpdate();
    }
  }

  private static String newRefundId() {
    byte[] bytes = new byte[10];
    RANDOM.nextBytes(bytes);
    return "rf_" + HexFormat.of().formatHex(bytes);
  }

  /** The order's row as the refund sees it, under lock. */
  private record OrderRow(
      String orderId, String customerId, Currency currency,
      BigDecimal total, BigDecimal refunded) {

    static Optional<OrderRow> lock(Connection c, String orderId) throws SQLException {
      try (PreparedStatement s =
          c.prepareStatement("SELECT order_id FROM orders WHERE order_id = ? FOR UPDATE")) {
        s.setString(1, orderId);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            return Optional.empty();
          }
        }
      }
      // read again under the lock: a statement started now sees what the previous holder committed
      try (PreparedStatement s = c.prepareStatement(
          "SELECT customer_id, currency, total, refunded FROM orders WHERE order_id = ?")) {
        s.setString(1, orderId);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return Optional.of(new OrderRow(orderId, r.getString(1),
              Currency.valueOf(r.getString(2).trim()),
              r.getBigDecimal(3), r.getBigDecimal(4)));
        }
      }
    }

    void addRefund(Connection c, BigDecimal amount) throws SQLException {
      BigDecimal now = refunded.add(amount);
      String status = now.compareTo(total) == 0 ? "refunded" : "partially_refunded";
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE orders SET refunded = ?, status = ? WHERE order_id = ?")) {
        s.setBigDecimal(1, now);
        s.setString(2, status);
        s.setString(3, orderId);
        s.executeUpdate();
      }
    }
  }
}
