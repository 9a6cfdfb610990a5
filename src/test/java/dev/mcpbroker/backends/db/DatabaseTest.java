package dev.mcpbroker.backends.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.backends.orders.DemoSeed;
import dev.mcpbroker.backends.orders.SeedOrders;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opens real H2 file databases in a temporary directory, closing and reopening them. */
class DatabaseTest {
  @TempDir Path dir;

  private Database open() {
    return Database.open(DatabaseConfig.h2File(dir), DemoSeed.INSTANCE);
  }

  @Test
  void firstOpen_appliesEveryMigrationOnceAndRecordsIt() throws SQLException {
    try (Database db = open()) {
      assertThat(db.migratedNow()).containsExactly(1, 2, 3);
      assertThat(strings(db, "SELECT version || ':' || description FROM schema_version ORDER BY version"))
          .containsExactly("1:orders", "2:ledger", "3:tickets");
    }
    try (Database db = open()) {
      assertThat(db.migratedNow()).isEmpty();
      assertThat(strings(db, "SELECT version FROM schema_version")).hasSize(3);
    }
  }

  @Test
  void seed_isAppliedOnlyOnFirstStart() throws SQLException {
    try (Database db = open()) {
      assertThat(count(db, "SELECT COUNT(*) FROM orders")).isEqualTo(SeedOrders.ALL.size());
      update(db, "DELETE FROM order_items WHERE order_id = 'ord_0001'");
      update(db, "DELETE FROM orders WHERE order_id = 'ord_0001'");
    }
    try (Database db = open()) {
      assertThat(count(db, "SELECT COUNT(*) FROM orders")).isEqualTo(SeedOrders.ALL.size() - 1);
      assertThat(strings(db, "SELECT name FROM seeds")).containsExactly("demo");
    }
  }

  @Test
  void committedData_survivesARestart() throws SQLException {
    try (Database db = open()) {
      update(db, "UPDATE orders SET refunded = 1.00, status = 'partially_refunded'"
          + " WHERE order_id = 'ord_0042'");
    }
    try (Database db = open()) {
      assertThat(strings(db, "SELECT refunded FROM orders WHERE order_id = 'ord_0042'"))
          .containsExactly("1.00");
    }
  }

  @Test
  void seededAmounts_keepTheirCents() throws SQLException {
    try (Database db = open()) {
      assertThat(strings(db, "SELECT total FROM orders WHERE order_id = 'ord_0012'"))
          .containsExactly("50.00");
    }
  }

  @Test
  void transaction_thatThrows_leavesNothing() throws SQLException {
    try (Database db = open()) {
      try {
        db.inTransaction("test", c -> {
          try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM order_items");
          }
          throw new IllegalStateException("midway");
        });
      } catch (IllegalStateException expected) {
        // the point of the test
      }
      assertThat(count(db, "SELECT COUNT(*) FROM order_items")).isPositive();
    }
  }

  static List<String> strings(Database db, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  static int count(Database db, String sql) throws SQLException {
    return Integer.parseInt(strings(db, sql).get(0));
  }

  static void update(Database db, String sql) throws SQLException {
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }
}
