package dev.mcpbroker.backends.refunds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.mcpbroker.backends.orders.Currency;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RefundRequestTest {
  private static Map<String, Object> args(String field, Object value) {
    Map<String, Object> args = new HashMap<>(
        Map.of("order_id", "ord_0042", "amount", "12.50", "currency", "EUR", "reason", "broken"));
    args.put(field, value);
    return args;
  }

  @Test
  void wellFormed_isParsedExactly() {
    RefundRequest r = RefundRequest.parse(args("amount", "12.5"));

    assertThat(r).isEqualTo(
        new RefundRequest("ord_0042", new BigDecimal("12.50"), Currency.EUR, "broken"));
    assertThat(r.amount().toPlainString()).isEqualTo("12.50");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5", "-0.01", "5.123", "1e3", "12,50", "", " 1", "12345678", "0x10", ".5"})
  void malformedAmount_isRejectedNamingTheField(String amount) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RefundRequest.parse(args("amount", amount)))
        .withMessageStartingWith("amount: ")
        .withMessageEndingWith("(expected: a decimal string like 12.50, at most two decimals)");
  }

  @Test
  void numericAmount_isRejected() {
    // a JSON number may already have passed through a double
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RefundRequest.parse(args("amount", 12.5)))
        .withMessage("amount: 12.5 (expected: a decimal string like 12.50, at most two decimals)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"JPY", "eur", "EURO", ""})
  void unknownCurrency_isRejected(String currency) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RefundRequest.parse(args("currency", currency)))
        .withMessageEndingWith("(expected: EUR, USD or GBP)");
  }

  @Test
  void reasonOver500Characters_isRejected() {
    assertThat(RefundRequest.parse(args("reason", "r".repeat(500))).reason()).hasSize(500);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RefundRequest.parse(args("reason", "r".repeat(501))))
        .withMessageStartingWith("reason: ");
  }

  @Test
  void unknownArgument_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RefundRequest.parse(args("customer_id", "customer-1")))
        .withMessage("customer_id: \"customer-1\" (expected: no such argument)");
  }
}
