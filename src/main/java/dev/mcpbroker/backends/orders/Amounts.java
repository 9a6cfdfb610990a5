package dev.mcpbroker.backends.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Checks money amounts: non-negative, exactly two decimals (all our currencies have cents). */
final class Amounts {
  private Amounts() {}

  /** Returns {@code amount} at scale 2, or throws if that would need rounding. */
  static BigDecimal exact(String field, BigDecimal amount) {
    if (amount == null || amount.signum() < 0) {
      throw new IllegalArgumentException(field + ": " + amount + " (expected: >= 0)");
    }
    try {
      // UNNECESSARY: rounding a price silently is how a cent goes missing
      return amount.setScale(2, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          field + ": " + amount.toPlainString() + " (expected: at most two decimals)", e);
    }
  }
}
