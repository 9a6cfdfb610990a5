package dev.mcpbroker.backends.orders;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Holds one line of an order.
 *
 * @param sku the stock-keeping unit
 * @param name what the customer sees
 * @param quantity how many, at least one
 * @param unitPrice the price of one, in the order's currency
 */
public record OrderItem(String sku, String name, int quantity, BigDecimal unitPrice) {

  public OrderItem {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(name, "name");
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity: " + quantity + " (expected: >= 1)");
    }
    unitPrice = Amounts.exact("unitPrice", unitPrice);
  }

  /** Returns {@code quantity * unitPrice}, exactly. */
  public BigDecimal lineTotal() {
    return unitPrice.multiply(BigDecimal.valueOf(quantity));
  }
}
