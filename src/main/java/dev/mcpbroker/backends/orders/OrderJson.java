package dev.mcpbroker.backends.orders;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns orders into the structured content of the tools, matching {@link OrderSchemas#ORDER}.
 * Amounts become decimal strings: a JSON number would pass through a double in many clients.
 */
final class OrderJson {
  private OrderJson() {}

  static Map<String, Object> of(Order o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("order_id", o.orderId());
    m.put("customer_id", o.customerId());
    m.put("status", o.status().wireName());
    m.put("currency", o.currency().name());
    m.put("total", o.total().toPlainString());
    m.put("refunded", o.refunded().toPlainString());
    m.put("items", o.items().stream().map(OrderJson::item).toList());
    return m;
  }

  static Map<String, Object> list(String customerId, List<Order> orders) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("customer_id", customerId);
    m.put("orders", orders.stream().map(OrderJson::of).toList());
    return m;
  }

  private static Map<String, Object> item(OrderItem i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sku", i.sku());
    m.put("name", i.name());
    m.put("quantity", i.quantity());
    m.put("unit_price", i.unitPrice().toPlainString());
    return m;
  }
}
