package dev.mcpbroker.backends.refunds;

import dev.mcpbroker.backends.orders.Currency;
import java.math.BigDecimal;

/**
 * Sends money back to a customer through the payments provider. Called inside the refund's
 * database transaction, with the refund's idempotency key: a real provider deduplicates on it, so
 * that a refund paid but not committed (a crash between the two) is not paid again on retry.
 */
public interface PaymentsProvider {

  /** Refunds {@code amount} for {@code orderId}; returns the provider's reference; throws if declined. */
  String refund(String idempotencyKey, String refundId, String orderId, BigDecimal amount, Currency currency);
}
