package dev.mcpbroker.backends.refunds;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * Holds one row of the ledger: money the refunds backend moved.
 *
 * @param refundId the refund's id, {@code rf_} and 20 hex digits
 * @param orderId the order refunded
 * @param customerId the order's customer
 * @param amount how much, exact to the cent
 * @param currency the order's currency code
 * @param reason why, as the caller gave it
 * @param idempotencyKey the authorised call that paid it (later the action token's {@code jti})
 * @param createdAt when it was committed
 */
public record LedgerEntry(
    String refundId,
    String orderId,
    String customerId,
    BigDecimal amount,
    String currency,
    String reason,
    String idempotencyKey,
    OffsetDateTime createdAt) {}
