package dev.mcpbroker.backends.orders;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Holds one order as the backend serves it. The constructor rejects an order whose amounts do not
 * add up or whose status contradicts its refunds, so a bad seed fails at start, not in a demo.
 *
 * @param orderId {@code ord_} and four digits
 * @param customerId the customer who placed it
 * @param status where it is in its life
 * @param currency what it was paid in
 * @param total the sum of the item lines
 * @param refunded how much of {@code total} has been refunded so far
 * @param items the lines, at least one
 */
public record Order(
    String orderId,
    String customerId,
    OrderStatus status,
    Currency currency,
    BigDecimal total,
    BigDecimal refunded,
    List<OrderItem> items) {

  /** The shape of an order id, also the {@code pattern} of {@code get_order}'s input schema. */
  public static final Pattern ID = Pattern.compile("^ord_[0-9]{4}$");

  public Order {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(currency, "currency");
    if (!ID.matcher(orderId).matches()) {
      throw new IllegalArgumentException("orderId: \"" + orderId + "\" (expected: ord_NNNN)");
    }
    items = List.copyOf(items);
    if (items.isEmpty()) {
      throw new IllegalArgumentException(orderId + ": items: [] (expected: at least one item)");
    }
    total = Amounts.exact("total", total);
    refunded = Amounts.exact("refunded", refunded);
    BigDecimal sum =
        items.stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    if (sum.compareTo(total) != 0) {
      throw new IllegalArgumentException(
          orderId + ": total: " + total + " (expected: the sum of the items, " + sum + ")");
    }
    if (refunded.compareTo(total) > 0) {
      throw new IllegalArgumentException(
          orderId + ": refunded: " + refunded + " (expected: <= total " + total + ")");
    }
    OrderStatus implied = impliedByRefunds(refunded, total);
    if (implied != null ? status != implied : isRefundState(status)) {
      throw new IllegalArgumentException(
          orderId
              + ": status: "
              + status.wireName()
              + " (expected: "
              + (implied != null ? implied.wireName() : "placed, shipped or delivered")
              + " with "
              + refunded
              + " of "
              + total
              + " refunded)");
    }
  }

  private static OrderStatus impliedByRefunds(BigDecimal refunded, BigDecimal total) {
    if (refunded.signum() == 0) {
      return null;
    }
    return refunded.compareTo(total) == 0 ? OrderStatus.REFUNDED : OrderStatus.PARTIALLY_REFUNDED;
  }

  private static boolean isRefundState(OrderStatus s) {
    return s == OrderStatus.REFUNDED || s == OrderStatus.PARTIALLY_REFUNDED;
  }
}
