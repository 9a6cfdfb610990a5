package dev.mcpbroker.backends.orders;

import java.util.Locale;

/** Tells where an order is in its life; refunds move it to one of the two refund states. */
public enum OrderStatus {
  PLACED,
  SHIPPED,
  DELIVERED,
  REFUNDED,
  PARTIALLY_REFUNDED;

  /** Returns the spelling used on the wire, e.g. {@code partially_refunded}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
