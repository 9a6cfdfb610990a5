package dev.mcpbroker.backends.refunds;

/**
 * Holds the JSON Schemas of {@code issue_refund}, as JSON text. A broker pins them: a change here
 * changes the tool's pin, on purpose.
 */
final class RefundSchemas {
  private RefundSchemas() {}

  // "[.]" rather than "\\.": the same pattern without a layer of escaping per language
  static final String INPUT =
      """
      {"type": "object",
       "properties": {
         "order_id": {"type": "string", "pattern": "^ord_[0-9]{4}$",
                      "description": "The order to refund, e.g. ord_0042."},
         "amount": {"type": "string", "pattern": "^[0-9]{1,7}([.][0-9]{1,2})?$",
                    "description": "How much to refund, a decimal string, e.g. 12.50."},
         "currency": {"type": "string", "enum": ["EUR", "USD", "GBP"],
                      "description": "The order's currency."},
         "reason": {"type": "string", "minLength": 1, "maxLength": 500,
                    "description": "Why, for the ledger and the customer."}},
       "required": ["order_id", "amount", "currency", "reason"],
       "additionalProperties": false}
      """;

  static final String OUTPUT =
      """
      {"type": "object",
       "properties": {
         "refund_id": {"type": "string", "pattern": "^rf_[0-9a-f]{20}$"},
         "order_id": {"type": "string", "pattern": "^ord_[0-9]{4}$"},
         "amount": {"type": "string", "pattern": "^[0-9]+[.][0-9]{2}$"},
         "currency": {"type": "string", "enum": ["EUR", "USD", "GBP"]}},
       "required": ["refund_id", "order_id", "amount", "currency"],
       "additionalProperties": false}
      """;
}
