package dev.mcpbroker.backends.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenGateTest {
  private static GateResult check(Map<String, Object> meta) {
    return CallGate.OPEN.check(null, "issue_refund", Map.of(), meta);
  }

  @Test
  void clientKey_becomesAPrefixedIdempotencyKeyWithNoCustomer() {
    GateResult result = check(Map.of(OpenGate.META_KEY, "retry-1"));

    assertThat(result).isEqualTo(new GateResult.Accepted(null, "client:retry-1"));
    assertThat(((GateResult.Accepted) result).customer()).isEmpty();
  }

  @Test
  void noClientKey_meansAFreshKeyPerCall() {
    GateResult first = check(Map.of());
    GateResult second = check(Map.of());

    assertThat(first).isInstanceOf(GateResult.Accepted.class).isNotEqualTo(second);
  }

  @Test
  void oversizedOrNonStringKey_isRefused() {
    assertThat(check(Map.of(OpenGate.META_KEY, "k".repeat(201))))
        .isInstanceOf(GateResult.Refused.class);
    assertThat(check(Map.of(OpenGate.META_KEY, 42))).isInstanceOf(GateResult.Refused.class);
  }

  @Test
  void noExchange_meansNoAuthorizationHeader() {
    assertThat(RequestHeaders.authorization(null)).isEmpty();
  }
}
