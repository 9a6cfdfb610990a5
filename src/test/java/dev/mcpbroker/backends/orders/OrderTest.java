package dev.mcpbroker.backends.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderTest {
  private static final List<OrderItem> TWO_MUGS =
      List.of(new OrderItem("MUG-300", "Stoneware mug", 2, new BigDecimal("11.00")));

  private static Order order(OrderStatus status, String total, String refunded) {
    return new Order(
        "ord_0100",
        "customer-1",
        status,
        Currency.EUR,
        new BigDecimal(total),
        new BigDecimal(refunded),
        TWO_MUGS);
  }

  @Test
  void amounts_areNormalizedToCents() {
    Order o = order(OrderStatus.DELIVERED, "22", "0");

    assertThat(o.total().toPlainString()).isEqualTo("22.00");
    assertThat(o.refunded().toPlainString()).isEqualTo("0.00");
  }

  @Test
  void subCentAmount_isRejectedNotRounded() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new OrderItem("X", "x", 1, new BigDecimal("0.005")))
        .withMessage("unitPrice: 0.005 (expected: at most two decimals)");
  }

  @Test
  void totalOtherThanItemSum_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> order(OrderStatus.DELIVERED, "21.99", "0"))
        .withMessage("ord_0100: total: 21.99 (expected: the sum of the items, 22.00)");
  }

  @Test
  void refundOverTotal_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> order(OrderStatus.REFUNDED, "22.00", "22.01"))
        .withMessageContaining("refunded: 22.01 (expected: <= total 22.00)");
  }

  @Test
  void statusContradictingRefunds_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> order(OrderStatus.REFUNDED, "22.00", "11.00"))
        .withMessage(
            "ord_0100: status: refunded (expected: partially_refunded with 11.00 of 22.00"
                + " refunded)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> order(OrderStatus.PARTIALLY_REFUNDED, "22.00", "0.00"))
        .withMessageContaining("expected: placed, shipped or delivered");
  }

  @Test
  void malformedId_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new Order(
                    "ord_12",
                    "c",
                    OrderStatus.PLACED,
                    Currency.EUR,
                    BigDecimal.ONE,
                    BigDecimal.ZERO,
                    TWO_MUGS))
        .withMessage("orderId: \"ord_12\" (expected: ord_NNNN)");
  }
}
