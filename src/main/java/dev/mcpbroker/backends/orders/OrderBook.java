package dev.mcpbroker.backends.orders;

import java.util.List;
import java.util.Optional;

/**
 * Reads orders on behalf of a caller. A {@code scope} is the caller's customer id when the gate
 * knows it: another customer's order is then absent, exactly as an order that does not exist. An
 * empty scope reads unscoped (a development backend behind {@code CallGate.OPEN}).
 */
public interface OrderBook {

  /** Finds an order the caller may see. */
  Optional<Order> find(String orderId, Optional<String> scope);

  /** Lists {@code customerId}'s orders by id; empty for an unknown customer or another's. */
  List<Order> forCustomer(String customerId, Optional<String> scope);
}
