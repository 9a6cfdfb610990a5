package dev.mcpbroker.backends.refunds;

import dev.mcpbroker.backends.db.Secrets;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;

/**
 * Configures the refunds service. {@link #toString} leaves the payments key out.
 *
 * @param cap the largest single refund this service pays, whatever the caller is allowed
 * @param paymentsKey the payments provider's API key: this service's secret, sent nowhere else
 */
public record RefundsConfig(BigDecimal cap, String paymentsKey) {
  /** The default cap, 500.00 in the order's currency. */
  public static final BigDecimal DEFAULT_CAP = new BigDecimal("500.00");

  public RefundsConfig {
    Objects.requireNonNull(cap, "cap");
    Objects.requireNonNull(paymentsKey, "paymentsKey");
    if (cap.signum() <= 0 || cap.scale() > 2) {
      throw new IllegalArgumentException(
          "cap: " + cap.toPlainString() + " (expected: > 0 with at most two decimals)");
    }
    cap = cap.setScale(2, RoundingMode.UNNECESSARY);
  }

  /** Returns the default cap with {@code paymentsKey}. */
  public static RefundsConfig withKey(String paymentsKey) {
    return new RefundsConfig(DEFAULT_CAP, paymentsKey);
  }

  /** Reads {@code REFUNDS_CAP} and {@code REFUNDS_PAYMENTS_KEY} (or {@code REFUNDS_PAYMENTS_KEY_FILE}). */
  public static RefundsConfig fromEnv(Map<String, String> env) {
    String cap = env.get("REFUNDS_CAP");
    BigDecimal parsed;
    try {
      parsed = cap == null ? DEFAULT_CAP : new BigDecimal(cap);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("REFUNDS_CAP: \"" + cap + "\" (expected: a decimal)", e);
    }
    return new RefundsConfig(parsed, Secrets.read(env, "REFUNDS_PAYMENTS_KEY").orElse(""));
  }

  @Override
  public String toString() {
    return "RefundsConfig[cap=" + cap + ", paymentsKey=***]";
  }
}
