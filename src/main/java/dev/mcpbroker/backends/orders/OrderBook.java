package dev.mcpbroker.backends.orders;

import java.util.List;
import java.util.Optional;

/**
 * Reads orders. The tools see only this interface, so that the in-memory book can give way to an
 * embedded database without touching them.
 */
public interface OrderBook {

  /** Finds an order by its id. */
  Optional<Order> find(String orderId);

  /** Lists one customer's orders by id; empty for an unknown customer. */
  List<Order> forCustomer(String customerId);
}
