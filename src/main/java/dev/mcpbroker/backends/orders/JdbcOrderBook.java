package dev.mcpbroker.backends.orders;

import dev.mcpbroker.backends.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads orders from the database, scoping in SQL (a foreign order never leaves the database), and
 * records every order it returns in {@code orders_served}, in the same transaction as the read.
 */
public final class JdbcOrderBook implements OrderBook {
  private static final String COLUMNS =
      "SELECT order_id, customer_id, status, currency, total, refunded FROM orders ";

  private final Database db;

  /** Reads from {@code db}, which must have been opened (and so migrated). */
  public JdbcOrderBook(Database db) {
    this.db = db;
  }

  @Override
  public Optional<Order> find(String orderId, Optional<String> scope) {
    return db.inTransaction(
        "get_order " + orderId,
        c -> {
          List<Order> found =
              scope.isPresent()
                  ? query(c, COLUMNS + "WHERE order_id = ? AND customer_id = ?", orderId, scope.get())
                  : query(c, COLUMNS + "WHERE order_id = ?", orderId);
          served(c, scope, found, "get_order");
          return found.stream().findFirst();
        });
  }

  @Override
  public List<Order> forCustomer(String customerId, Optional<String> scope) {
    if (scope.isPresent() && !scope.get().equals(customerId)) {
      return List.of();
    }
    return db.inTransaction(
        "list_orders " + customerId,
        c -> {
          List<Order> found =
              query(c, COLUMNS + "WHERE customer_id = ? ORDER BY order_id", customerId);
          served(c, scope, found, "list_orders");
          return found;
        });
  }

  private static List<Order> query(Connection c, String sql, String... params)
      throws SQLException {
    List<Order> orders = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setString(i + 1, params[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String id = r.getString("order_id");
          orders.add(
              new Order(
                  id,
                  r.getString("customer_id"),
                  OrderStatus.valueOf(r.getString("status").toUpperCase(Locale.ROOT)),
                  Currency.valueOf(r.getString("currency").trim()),
                  r.getBigDecimal("total"),
                  r.getBigDecimal("refunded"),
                  items(c, id)));
        }
      }
    }
    return orders;
  }

  private static List<OrderItem> items(Connection c, String orderId) throws SQLException {
    List<OrderItem> items = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT sku, name, quantity, unit_price FROM order_items"
                + " WHERE order_id = ? ORDER BY line_no")) {
      s.setString(1, orderId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          items.add(
              new OrderItem(
                  r.getString(1), r.getString(2), r.getInt(3), r.getBigDecimal(4)));
        }
      }
    }
    return items;
  }

  private static void served(Connection c, Optional<String> scope, List<Order> orders, String tool)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO orders_served"
                + " (caller_customer_id, owner_customer_id, order_id, tool, served_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      for (Order o : orders) {
        s.setString(1, scope.orElse(null));
        s.setString(2, o.customerId());
        s.setString(3, o.orderId());
        s.setString(4, tool);
        s.setObject(5, OffsetDateTime.now());
        s.executeUpdate();
      }
    }
  }
}
