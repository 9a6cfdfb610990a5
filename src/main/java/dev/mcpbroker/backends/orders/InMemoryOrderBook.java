package dev.mcpbroker.backends.orders;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Keeps an immutable set of orders in memory; {@link #seeded()} is the demo's data. */
public final class InMemoryOrderBook implements OrderBook {
  private final Map<String, Order> byId;

  /** Holds {@code orders}; ids must be unique. */
  public InMemoryOrderBook(Collection<Order> orders) {
    this.byId =
        orders.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Order::orderId,
                    Function.identity(),
                    (a, b) -> {
                      throw new IllegalArgumentException(
                          "orderId: \"" + a.orderId() + "\" (expected: unique)");
                    }));
  }

  /** Returns a book holding {@link SeedOrders#ALL}, the same on every start. */
  public static InMemoryOrderBook seeded() {
    return new InMemoryOrderBook(SeedOrders.ALL);
  }

  @Override
  public Optional<Order> find(String orderId) {
    return Optional.ofNullable(byId.get(orderId));
  }

  @Override
  public List<Order> forCustomer(String customerId) {
    return byId.values().stream()
        .filter(o -> o.customerId().equals(customerId))
        .sorted(Comparator.comparing(Order::orderId))
        .toList();
  }
}
