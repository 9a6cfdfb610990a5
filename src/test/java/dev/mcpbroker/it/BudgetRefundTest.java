package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.RecordingUpstream;
import org.junit.jupiter.api.Test;

/**
 * A budget counts what moved: a call the policy allowed but the upstream refused gives its amount
 * back, so an agent whose refunds keep bouncing does not lock the customer out of the day's budget.
 * A call that succeeded keeps its amount spent.
 */
class BudgetRefundTest {
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"string\"}},"
      + "\"required\":[\"amount\"]}";
  private static final String POLICY = """
      version: 1
      rules:
        - id: pay-within-budget
          tools: [pay, settle]
          effect: permit
          obligations:
            budget: {per: subject, window: 24h, sum: args.amount, max: "100.00"}
      """;

  @Test
  void refusedByTheUpstream_givesTheBudgetBack_succeededKeepsItSpent() throws Exception {
    try (RecordingUpstream upstream = new RecordingUpstream()) {
      String catalog = """
          upstreams:
            rec: {url: "${URL}"}
          tools:
            - {name: pay, upstream: rec, upstreamTool: decline, tier: money, pin: "%s", inputSchema: %s}
            - {name: settle, upstream: rec, upstreamTool: hidden, tier: money, pin: "%s", inputSchema: %s}
          """.formatted(BrokerUnderTest.livePin(upstream.url(), "decline"), SCHEMA,
          BrokerUnderTest.livePin(upstream.url(), "hidden"), SCHEMA);
      try (BrokerUnderTest broker = BrokerUnderTest.start(catalog, POLICY,
          BrokerUnderTest.env("URL", upstream.url().toString()))) {
        McpHttp client = broker.client(broker.token("agent", "customer-7"));
        String session = client.initialize("2025-11-25");

        for (int i = 1; i <= 3; i++) {
          JsonNode declined = client.callTool(session, i, "pay", "{\"amount\":\"60.00\"}").path("result");
          assertThat(declined.path("content").path(0).path("text").asText()).as("call " + i).isEqualTo("declined");
        }
        assertThat(upstream.calls()).isEqualTo(3);

        // 60.00 that moved stays spent: the next 60.00 would exceed 100.00
        assertThat(client.callTool(session, 4, "settle", "{\"amount\":\"60.00\"}").path("result")
            .path("isError").asBoolean()).isFalse();
        JsonNode over = client.callTool(session, 5, "settle", "{\"amount\":\"60.00\"}").path("result");
        assertThat(over.path("_meta").path("dev.mcpbroker/reason").asText()).isEqualTo("budget_exceeded");
        assertThat(upstream.calls()).isEqualTo(4);
      }
    }
  }
}
