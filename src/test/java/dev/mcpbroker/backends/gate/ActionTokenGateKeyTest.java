package dev.mcpbroker.backends.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.json.Json;
import org.junit.jupiter.api.Test;

/** The call-keyed idempotency key: one key per subject, tool and canonical arguments. */
class ActionTokenGateKeyTest {
  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void sameCall_sameKey_whateverTheMemberOrder() throws Exception {
    String a = ActionTokenGate.callKey("customer-42", "issue_refund", json("{\"order_id\":\"ord_0042\",\"amount\":\"10.00\"}"));
    String b = ActionTokenGate.callKey("customer-42", "issue_refund", json("{\"amount\":\"10.00\",\"order_id\":\"ord_0042\"}"));
    assertThat(a).isEqualTo(b).startsWith("call:").hasSize(5 + 64);
  }

  @Test
  void anotherSubject_toolOrArgument_anotherKey() throws Exception {
    JsonNode args = json("{\"order_id\":\"ord_0042\",\"amount\":\"10.00\"}");
    String key = ActionTokenGate.callKey("customer-42", "issue_refund", args);
    assertThat(ActionTokenGate.callKey("customer-1", "issue_refund", args)).isNotEqualTo(key);
    assertThat(ActionTokenGate.callKey("customer-42", "other_tool", args)).isNotEqualTo(key);
    assertThat(ActionTokenGate.callKey("customer-42", "issue_refund",
        json("{\"order_id\":\"ord_0042\",\"amount\":\"10.01\"}"))).isNotEqualTo(key);
    // the encoding keeps "a\nb" + "c" apart from "a" + "b\nc"
    assertThat(ActionTokenGate.callKey("a\nissue_refund", "x", args))
        .isNotEqualTo(ActionTokenGate.callKey("a", "issue_refund\nx", args));
  }
}
