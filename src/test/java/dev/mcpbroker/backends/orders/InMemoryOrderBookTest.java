package dev.mcpbroker.backends.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InMemoryOrderBookTest {
  private final OrderBook book = InMemoryOrderBook.seeded();

  @Test
  void seed_coversTheDemoCustomersCurrenciesAndRefundStates() {
    Map<String, Long> perCustomer =
        SeedOrders.ALL.stream()
            .collect(Collectors.groupingBy(Order::customerId, Collectors.counting()));

    assertThat(perCustomer)
        .containsOnlyKeys("customer-1", "customer-2", "customer-3", "customer-4", "customer-42")
        .containsEntry("customer-42", 2L);
    assertThat(SeedOrders.ALL).extracting(Order::currency).contains(Currency.values());
    assertThat(SeedOrders.ALL)
        .extracting(Order::status)
        .contains(OrderStatus.REFUNDED, OrderStatus.PARTIALLY_REFUNDED);
  }

  @Test
  void find_returnsTheOrder() {
    assertThat(book.find("ord_0007")).get().extracting(Order::customerId).isEqualTo("customer-3");
  }

  @Test
  void unknownOrder_isEmpty() {
    assertThat(book.find("ord_9999")).isEmpty();
  }

  @Test
  void forCustomer_returnsOnlyTheirOrdersById() {
    assertThat(book.forCustomer("customer-2"))
        .extracting(Order::orderId)
        .containsExactly("ord_0004", "ord_0005", "ord_0006");
  }

  @Test
  void duplicateId_isRejected() {
    Order o = SeedOrders.ALL.get(0);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new InMemoryOrderBook(List.of(o, o)))
        .withMessage("orderId: \"ord_0001\" (expected: unique)");
  }
}
