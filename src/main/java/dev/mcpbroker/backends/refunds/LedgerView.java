package dev.mcpbroker.backends.refunds;

import dev.mcpbroker.backends.db.Database;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists the money the refunds backend moved: for humans ({@link #printLedger}) and as the tests'
 * oracle. Read-only.
 */
public final class LedgerView {
  private static final String COLUMNS =
      "SELECT refund_id, order_id, customer_id, amount, currency, reason, idempotency_key,"
          + " created_at FROM ledger ";

  private static final int H2_DATABASE_IN_USE = 90020; // ErrorCode.DATABASE_ALREADY_OPEN_1

  private final Database db;

  /** Reads the ledger of {@code db}. */
  public LedgerView(Database db) {
    this.db = db;
  }

  /** Returns every ledger row, oldest first. */
  public List<LedgerEntry> all() {
    return db.inTransaction("reading the ledger", c -> list(c, COLUMNS + "ORDER BY created_at, refund_id"));
  }

  /** Returns the ledger rows of one order, oldest first. */
  public List<LedgerEntry> forOrder(String orderId) {
    return db.inTransaction("reading the ledger of " + orderId,
        c -> list(c, COLUMNS + "WHERE order_id = ? ORDER BY created_at, refund_id", orderId));
  }

  /**
   * Prints the ledger of the database at {@code jdbcUrl} to {@code out}, one tab-separated row per
   * refund; returns 0, or 1 if the database cannot be read. For H2 the default user {@code sa}
   * logs in; other databases take their credentials in the URL.
   */
  public static int printLedger(String jdbcUrl, PrintStream out) {
    try (Connection c = jdbcUrl.startsWith("jdbc:h2:")
        ? DriverManager.getConnection(jdbcUrl + (jdbcUrl.contains(";IFEXISTS=") ? "" : ";IFEXISTS=TRUE"), "sa", "")
        : DriverManager.getConnection(jdbcUrl)) {
      List<LedgerEntry> rows = list(c, COLUMNS + "ORDER BY created_at, refund_id");
      out.println("refund_id\torder_id\tcustomer_id\tamount\tcurrency\tcreated_at\treason");
      for (LedgerEntry e : rows) {
        out.println(String.join("\t", e.refundId(), e.orderId(), e.customerId(),
            e.amount().toPlainString(), e.currency(), e.createdAt().toString(),
            e.reason().replaceAll("[\\t\\r\\n]", " ")));
      }
      out.println(rows.size() + (rows.size() == 1 ? " refund" : " refunds"));
      return 0;
    } catch (SQLException e) {
      out.println("ledger: cannot read " + jdbcUrl + ": " + e.getMessage());
      if (e.getErrorCode() == H2_DATABASE_IN_USE) {
        // H2 in file mode admits one process; its mixed mode would open a TCP port on every interface
        out.println("ledger: a running demo or backend holds this database; stop it, then run this again");
      }
      return 1;
    }
  }

  /** Finds the row an idempotency key paid, on the caller's connection and transaction. */
  static Optional<LedgerEntry> byKey(Connection c, String key) throws SQLException {
    return list(c, COLUMNS + "WHERE idempotency_key = ?", key).stream().findFirst();
  }

  private static List<LedgerEntry> list(Connection c, String sql, String... params)
      throws SQLException {
    List<LedgerEntry> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setString(i + 1, params[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new LedgerEntry(r.getString(1), r.getString(2), r.getString(3),
              r.getBigDecimal(4), r.getString(5).trim(), r.getString(6), r.getString(7),
              r.getObject(8, OffsetDateTime.class)));
        }
      }
    }
    return out;
  }
}
