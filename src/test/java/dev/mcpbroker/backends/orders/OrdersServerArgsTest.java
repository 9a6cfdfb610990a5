package dev.mcpbroker.backends.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class OrdersServerArgsTest {

  @Test
  void noArguments_meansAnEphemeralPort() {
    assertThat(OrdersServer.port(new String[0])).isZero();
  }

  @Test
  void portFlag_isRead() {
    assertThat(OrdersServer.port(new String[] {"--port", "8101"})).isEqualTo(8101);
  }

  @Test
  void portOutOfRange_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OrdersServer.port(new String[] {"--port", "70000"}))
        .withMessage("--port: 70000 (expected: 0 to 65535)");
  }

  @Test
  void unknownFlag_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OrdersServer.port(new String[] {"--prot", "8101"}))
        .withMessage("argument 1: \"--prot\" (expected: --port N)");
  }
}
