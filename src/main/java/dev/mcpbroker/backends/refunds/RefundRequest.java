package dev.mcpbroker.backends.refunds;

import dev.mcpbroker.backends.orders.Currency;
import dev.mcpbroker.backends.orders.Order;
import dev.mcpbroker.backends.server.ToolResults;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Holds the arguments of one {@code issue_refund} call, checked: the shape of each field, not yet
 * whether the order allows it (that is {@link RefundDesk}'s, under the order's lock).
 *
 * @param orderId the order to refund
 * @param amount how much, at scale 2; may be zero here, the desk refuses it
 * @param currency what the caller believes the order was paid in
 * @param reason why, at most 500 characters
 */
public record RefundRequest(String orderId, BigDecimal amount, Currency currency, String reason) {
  /** The shape of an amount, also the {@code pattern} of the input schema. */
  public static final Pattern AMOUNT = Pattern.compile("^[0-9]{1,7}([.][0-9]{1,2})?$");

  /** The longest reason accepted. */
  public static final int MAX_REASON = 500;

  public RefundRequest {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(reason, "reason");
    amount = amount.setScale(2, RoundingMode.UNNECESSARY);
  }

  /**
   * Parses tool arguments, throwing {@link IllegalArgumentException} naming the first bad field.
   * The SDK validates the input schema first; this checks again, so that no rejection depends on a
   * library default staying on.
   */
  public static RefundRequest parse(Map<String, Object> arguments) {
    for (String name : arguments.keySet()) {
      if (!name.equals("order_id") && !name.equals("amount") && !name.equals("currency")
          && !name.equals("reason")) {
        throw bad(name, arguments.get(name), "no such argument");
      }
    }
    Object orderId = arguments.get("order_id");
    if (!(orderId instanceof String id) || !Order.ID.matcher(id).matches()) {
      throw bad("order_id", orderId, "a string like ord_0042");
    }
    Object amount = arguments.get("amount");
    if (!(amount instanceof String text) || !AMOUNT.matcher(text).matches()) {
      throw bad("amount", amount, "a decimal string like 12.50, at most two decimals");
    }
    Object currency = arguments.get("currency");
    if (!(currency instanceof String code) || !code.matches("EUR|USD|GBP")) {
      throw bad("currency", currency, "EUR, USD or GBP");
    }
    Object reason = arguments.get("reason");
    if (!(reason instanceof String why) || why.isBlank() || why.length() > MAX_REASON) {
      throw bad("reason", reason, "a non-blank string of at most " + MAX_REASON + " characters");
    }
    return new RefundRequest(id, new BigDecimal(text), Currency.valueOf(code), why);
  }

  private static IllegalArgumentException bad(String field, Object value, String expected) {
    String shown = ToolResults.json(value);
    if (shown.length() > 80) {
      shown = shown.substring(0, 80) + "...";
    }
    return new IllegalArgumentException(field + ": " + shown + " (expected: " + expected + ")");
  }
}
