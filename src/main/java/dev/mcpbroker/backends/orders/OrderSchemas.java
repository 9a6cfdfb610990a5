package dev.mcpbroker.backends.orders;

/**
 * Holds the JSON Schemas of the orders tools, as JSON text. They are part of the tool definitions
 * the broker pins: any change here changes the pins in {@code config/tools.yaml}, on purpose.
 */
final class OrderSchemas {
  private OrderSchemas() {}

  static final String GET_ORDER_INPUT =
      """
      {"type": "object",
       "properties": {
         "order_id": {"type": "string", "pattern": "^ord_[0-9]{4}$",
                      "description": "The order id, e.g. ord_0042."}},
       "required": ["order_id"],
       "additionalProperties": false}
      """;

  static final String LIST_ORDERS_INPUT =
      """
      {"type": "object",
       "properties": {
         "customer_id": {"type": "string", "description": "The customer id, e.g. customer-42."}},
       "required": ["customer_id"],
       "additionalProperties": false}
      """;

  // "[.]" rather than "\\.": the same pattern without a layer of escaping per language
  private static final String AMOUNT =
      """
      {"type": "string", "pattern": "^[0-9]+[.][0-9]{2}$"}
      """;

  private static final String ITEM =
      """
      {"type": "object",
       "properties": {
         "sku": {"type": "string"},
         "name": {"type": "string"},
         "quantity": {"type": "integer", "minimum": 1},
         "unit_price": AMOUNT},
       "required": ["sku", "name", "quantity", "unit_price"],
       "additionalProperties": false}
      """
          .replace("AMOUNT", AMOUNT.strip());

  static final String ORDER =
      """
      {"type": "object",
       "properties": {
         "order_id": {"type": "string", "pattern": "^ord_[0-9]{4}$"},
         "customer_id": {"type": "string"},
         "status": {"type": "string",
                    "enum": ["placed", "shipped", "delivered", "refunded", "partially_refunded"]},
         "currency": {"type": "string", "enum": ["EUR", "USD", "GBP"]},
         "total": AMOUNT,
         "refunded": AMOUNT,
         "items": {"type": "array", "items": ITEM}},
       "required": ["order_id", "customer_id", "status", "currency", "total", "refunded", "items"],
       "additionalProperties": false}
      """
          .replace("AMOUNT", AMOUNT.strip())
          .replace("ITEM", ITEM.strip());

  static final String ORDER_LIST =
      """
      {"type": "object",
       "properties": {
         "customer_id": {"type": "string"},
         "orders": {"type": "array", "items": ORDER}},
       "required": ["customer_id", "orders"],
       "additionalProperties": false}
      """
          .replace("ORDER", ORDER.strip());
}
