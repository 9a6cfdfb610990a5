package dev.mcpbroker.backends.refunds;

import dev.mcpbroker.backends.orders.Currency;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the payments provider in-process: records every charge it is asked to make, and like a
 * real provider pays each idempotency key at most once. Holds the API key the way a real client
 * would, and never reveals it.
 */
public final class FakePaymentsProvider implements PaymentsProvider {
  private final String apiKey;
  private final List<Charge> charges = new CopyOnWriteArrayList<>();
  private final Map<String, String> byKey = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();

  /** Creates a provider client holding {@code apiKey}. */
  public FakePaymentsProvider(String apiKey) {
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
  }

  /**
   * Records one refund paid out.
   *
   * @param reference the provider's reference
   * @param refundId the refund it pays
   * @param orderId the order refunded
   * @param amount how much
   * @param currency in what
   */
  public record Charge(
      String reference, String refundId, String orderId, BigDecimal amount, Currency currency) {}

  @Override
  public String refund(
      String idempotencyKey, String refundId, String orderId, BigDecimal amount, Currency currency) {
    return byKey.computeIfAbsent(
        idempotencyKey,
        k -> {
          String reference = "pay_" + next.incrementAndGet();
          charges.add(new Charge(reference, refundId, orderId, amount, currency));
          return reference;
        });
  }

  /** Returns the charges made so far, in order. */
  public List<Charge> charges() {
    return List.copyOf(charges);
  }

  /** Tells whether a key is configured, without revealing it. */
  public boolean hasKey() {
    return !apiKey.isEmpty();
  }
}
