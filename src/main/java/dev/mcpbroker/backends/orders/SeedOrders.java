package dev.mcpbroker.backends.orders;

import static dev.mcpbroker.backends.orders.Currency.EUR;
import static dev.mcpbroker.backends.orders.Currency.GBP;
import static dev.mcpbroker.backends.orders.Currency.USD;
import static dev.mcpbroker.backends.orders.OrderStatus.DELIVERED;
import static dev.mcpbroker.backends.orders.OrderStatus.PARTIALLY_REFUNDED;
import static dev.mcpbroker.backends.orders.OrderStatus.PLACED;
import static dev.mcpbroker.backends.orders.OrderStatus.REFUNDED;
import static dev.mcpbroker.backends.orders.OrderStatus.SHIPPED;

import java.math.BigDecimal;
import java.util.List;

/**
 * Lists the demo's orders: three each for {@code customer-1} to {@code customer-4} and two for
 * {@code customer-42}, the customer the docs use. Fixed literals rather than a random generator, so
 * that the demo, the docs and the tests agree on every amount.
 */
public final class SeedOrders {
  private SeedOrders() {}

  /** The seeded orders, in id order. */
  public static final List<Order> ALL =
      List.of(
          order(
              "ord_0001",
              "customer-1",
              DELIVERED,
              EUR,
              "49.90",
              "0.00",
              item("BEAN-1KG", "Espresso beans 1 kg", 2, "18.50"),
              item("JUG-350", "Milk jug 350 ml", 1, "12.90")),
          order(
              "ord_0002",
              "customer-1",
              PARTIALLY_REFUNDED,
              EUR,
              "138.99",
              "9.99",
              item("GRND-C40", "Burr grinder", 1, "129.00"),
              item("DESC-01", "Descaler", 1, "9.99")),
          order(
              "ord_0003",
              "customer-1",
              PLACED,
              USD,
              "12.75",
              "0.00",
              item("FILT-100", "Paper filters, 100", 3, "4.25")),
          order(
              "ord_0004",
              "customer-2",
              SHIPPED,
              GBP,
              "39.95",
              "0.00",
              item("KETL-GN", "Gooseneck kettle", 1, "39.95")),
          order(
              "ord_0005",
              "customer-2",
              REFUNDED,
              GBP,
              "30.50",
              "30.50",
              item("SCALE-01", "Coffee scale", 1, "24.00"),
              item("TIMER-01", "Brew timer", 1, "6.50")),
          order(
              "ord_0006",
              "customer-2",
              DELIVERED,
              USD,
              "22.00",
              "0.00",
              item("MUG-300", "Stoneware mug", 2, "11.00")),
          order(
              "ord_0007",
              "customer-3",
              DELIVERED,
              USD,
              "649.00",
              "0.00",
              item("ESPM-PRO", "Espresso machine", 1, "649.00")),
          order(
              "ord_0008",
              "customer-3",
              PARTIALLY_REFUNDED,
              USD,
              "60.90",
              "15.50",
              item("CUP-90", "Espresso cup", 4, "7.75"),
              item("TAMP-58", "Tamper 58 mm", 1, "29.90")),
          order(
              "ord_0009",
              "customer-3",
              PLACED,
              EUR,
              "14.30",
              "0.00",
              item("TABS-50", "Cleaning tablets, 50", 1, "14.30")),
          order(
              "ord_0010",
              "customer-4",
              DELIVERED,
              EUR,
              "51.20",
              "0.00",
              item("POUR-SET", "Pour-over set", 1, "45.00"),
              item("FILT-40", "Paper filters, 40", 2, "3.10")),
          order(
              "ord_0011",
              "customer-4",
              PARTIALLY_REFUNDED,
              GBP,
              "36.24",
              "8.75",
              item("JAR-CB1", "Cold brew jar", 1, "27.49"),
              item("BEAN-250", "Filter beans 250 g", 1, "8.75")),
          order(
              "ord_0012",
              "customer-4",
              REFUNDED,
              EUR,
              "50.00",
              "50.00",
              item("GIFT-50", "Gift card", 1, "50.00")),
          order(
              "ord_0042",
              "customer-42",
              DELIVERED,
              EUR,
              "166.00",
              "0.00",
              item("GRND-C40", "Burr grinder", 1, "129.00"),
              item("BEAN-1KG", "Espresso beans 1 kg", 2, "18.50")),
          order(
              "ord_0043",
              "customer-42",
              PARTIALLY_REFUNDED,
              USD,
              "100.99",
              "11.00",
              item("FROTH-01", "Milk frother", 1, "89.99"),
              item("MUG-300", "Stoneware mug", 1, "11.00")));

  private static Order order(
      String id,
      String customer,
      OrderStatus status,
      Currency currency,
      String total,
      String refunded,
      OrderItem... items) {
    return new Order(
        id,
        customer,
        status,
        currency,
        new BigDecimal(total),
        new BigDecimal(refunded),
        List.of(items));
  }

  private static OrderItem item(String sku, String name, int quantity, String unitPrice) {
    return new OrderItem(sku, name, quantity, new BigDecimal(unitPrice));
  }
}
