package dev.mcpbroker.backends.escalations;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Holds one ticket for a human.
 *
 * @param ticketId {@code tk_} and 20 hex digits
 * @param summary what the agent asks a human to look at
 * @param orderId the order concerned, or {@code null}
 * @param customerId the customer the call acted for, or {@code null} when unscoped
 * @param status {@code open} when created
 * @param createdAt when it was opened
 */
public record Ticket(
    String ticketId,
    String summary,
    String orderId,
    String customerId,
    String status,
    OffsetDateTime createdAt) {

  /** Returns the order concerned, if any. */
  public Optional<String> order() {
    return Optional.ofNullable(orderId);
  }
}
