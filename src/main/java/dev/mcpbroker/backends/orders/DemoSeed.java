package dev.mcpbroker.backends.orders;

import dev.mcpbroker.backends.db.Seed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

/** Inserts the demo's customers and {@link SeedOrders#ALL} into a new database, once. */
public final class DemoSeed implements Seed {
  /** The one instance. */
  public static final DemoSeed INSTANCE = new DemoSeed();

  private DemoSeed() {}

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public void apply(Connection c) throws SQLException {
    Set<String> customers = new LinkedHashSet<>();
    SeedOrders.ALL.forEach(o -> customers.add(o.customerId()));
    try (PreparedStatement customer =
            c.prepareStatement("INSERT INTO customers (customer_id, name) VALUES (?, ?)");
        PreparedStatement order =
            c.prepareStatement(
                "INSERT INTO orders (order_id, customer_id, status, currency, total, refunded)"
                    + " VALUES (?, ?, ?, ?, ?, ?)");
        PreparedStatement item =
            c.prepareStatement(
                "INSERT INTO order_items (order_id, line_no, sku, name, quantity, unit_price)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
      for (String id : customers) {
        customer.setString(1, id);
        customer.setString(2, "Demo " + id.replace('-', ' '));
        customer.executeUpdate();
      }
      for (Order o : SeedOrders.ALL) {
        order.setString(1, o.orderId());
        order.setString(2, o.customerId());
        order.setString(3, o.status().wireName());
        order.setString(4, o.currency().name());
        order.setBigDecimal(5, o.total());
        order.setBigDecimal(6, o.refunded());
        order.executeUpdate();
        int line = 1;
        for (OrderItem i : o.items()) {
          item.setString(1, o.orderId());
          item.setInt(2, line++);
          item.setString(3, i.sku());
          item.setString(4, i.name());
          item.setInt(5, i.quantity());
          item.setBigDecimal(6, i.unitPrice());
          item.executeUpdate();
        }
      }
    }
  }
}
