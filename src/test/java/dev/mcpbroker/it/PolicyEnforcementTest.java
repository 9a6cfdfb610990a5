package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.audit.AuditQuery;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.RecordingUpstream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The policy in the request path, over real HTTP: a denied call never reaches the upstream and is
 * audited with its reason and rule; a rewritten call reaches it rewritten and the audit keeps both
 * forms; a held call is answered "awaits approval" and not forwarded.
 */
class PolicyEnforcementTest {
  static final String POLICY = """
      version: 1
      rules:
        - id: pay-as-subject
          tools: [pay]
          effect: permit
          rewrite:
            set: {text: principal.subject}
        - id: no-drop
          tools: [pay]
          effect: forbid
          when: args.text == "drop"
          reason: drop_forbidden
        - id: note-needs-approval
          tools: [note]
          effect: permit
          obligations:
            approval: {when: "true", ttl: 15m}
      """;

  private RecordingUpstream upstream;
  private BrokerUnderTest broker;
  private McpHttp client;
  private String session;

  @BeforeEach
  void start() throws Exception {
    upstream = new RecordingUpstream();
    String catalog = """
        upstreams:
          rec: {url: "${URL}"}
        tools:
          - {name: pay, upstream: rec, upstreamTool: echo, tier: money, pin: "%s", inputSchema: %s}
          - {name: note, upstream: rec, upstreamTool: hidden, tier: write, pin: "%s", inputSchema: {type: object, properties: {}}}
        """.formatted(BrokerUnderTest.livePin(upstream.url(), "echo"), RecordingUpstream.ECHO_SCHEMA,
        BrokerUnderTest.livePin(upstream.url(), "hidden"));
    broker = BrokerUnderTest.start(catalog, POLICY, BrokerUnderTest.env("URL", upstream.url().toString()));
    client = broker.client(broker.token("refund-agent", "customer-42"));
    session = client.initialize("2025-11-25");
  }

  @AfterEach
  void stop() throws Exception {
    broker.close();
    upstream.close();
  }

  private List<JsonNode> entries() throws Exception {
    broker.broker().audit().checkpoint().get(10, TimeUnit.SECONDS);
    try (Stream<JsonNode> all = AuditQuery.run(broker.auditDir(), AuditQuery.Filter.ALL)) {
      return all.toList();
    }
  }

  private List<JsonNode> decisions() throws Exception {
    return entries().stream().filter(e -> "decision".equals(e.path("type").asText())).toList();
  }

  @Test
  void deniedCall_neverReachesTheUpstream_andIsAuditedWithReasonAndRule() throws Exception {
    int before = upstream.calls();

    JsonNode result = client.callTool(session, 1, "pay", "{\"text\":\"drop\"}").path("result");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.path("_meta").path("dev.mcpbroker/reason").asText()).isEqualTo("drop_forbidden");
    assertThat(result.path("content").get(0).path("text").asText()).doesNotContain("args.text");
    assertThat(upstream.calls()).isEqualTo(before);
    JsonNode deny = decisions().stream().filter(e -> "deny".equals(e.path("decision").asText())).findFirst().orElseThrow();
    assertThat(deny.path("reason").asText()).isEqualTo("drop_forbidden");
    assertThat(deny.path("rule_ids").toString()).contains("no-drop");
    assertThat(deny.path("policy_version").asText()).isEqualTo(broker.broker().policy().snapshot().version());
  }

  @Test
  void rewrittenCall_reachesTheUpstreamRewritten_andTheAuditShowsBothForms() throws Exception {
    int before = upstream.calls();

    JsonNode result = client.callTool(session, 1, "pay", "{\"text\":\"customer-7\"}").path("result");

    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(result.path("content").get(0).path("text").asText()).isEqualTo("echo: customer-42");
    assertThat(upstream.calls()).isEqualTo(before + 1);
    JsonNode rewrite = decisions().stream().filter(e -> "rewrite".equals(e.path("decision").asText())).findFirst().orElseThrow();
    assertThat(rewrite.path("arguments").path("text").asText()).isEqualTo("customer-42");
    assertThat(rewrite.path("details").path("original_arguments").path("text").asText()).isEqualTo("customer-7");
    assertThat(rewrite.path("rule_ids").toString()).contains("pay-as-subject");
    assertThat(rewrite.path("policy_version").asText()).startsWith("sha256:");
  }

  @Test
  void heldCall_isNotForwarded_andTheAgentGetsTheApprovalId() throws Exception {
    int before = upstream.calls();

    JsonNode result = client.callTool(session, 1, "note", "{}").path("result");

    assertThat(result.path("isError").asBoolean()).isFalse();
    String approvalId = result.path("_meta").path("dev.mcpbroker/approval").asText();
    assertThat(approvalId).startsWith("apr_");
    assertThat(result.path("content").get(0).path("text").asText()).contains("awaits human approval").contains(approvalId);
    assertThat(result.path("structuredContent").path("approval_id").asText()).isEqualTo(approvalId);
    assertThat(upstream.calls()).isEqualTo(before);
    assertThat(broker.broker().policy().approvals().pending()).extracting(a -> a.id()).containsExactly(approvalId);
    JsonNode held = decisions().stream().filter(e -> "held".equals(e.path("decision").asText())).findFirst().orElseThrow();
    assertThat(held.path("reason").asText()).isEqualTo("approval_required");
    assertThat(held.path("details").path("approval_id").asText()).isEqualTo(approvalId);

    // approved, the identical call runs exactly once
    assertThat(broker.broker().policy().approvals().approve(approvalId, "alice")).isTrue();
    assertThat(client.callTool(session, 2, "note", "{}").path("result").path("content").get(0).path("text").asText())
        .isEqualTo("hidden ran");
    assertThat(upstream.calls()).isEqualTo(before + 1);

    // the request and the human's decision are entries of their own, naming the approval
    List<JsonNode> approvals = entries().stream()
        .filter(e -> e.path("type").asText().startsWith("approval_"))
        .filter(e -> approvalId.equals(e.path("details").path("approval_id").asText())).toList();
    assertThat(approvals).extracting(e -> e.path("type").asText() + ":" + e.path("details").path("state").asText())
        .startsWith("approval_requested:pending", "approval_decided:approved");
    JsonNode decided = approvals.get(1);
    assertThat(decided.path("details").path("approver").asText()).isEqualTo("alice");
    assertThat(decided.path("principal").path("agent").asText()).isEqualTo("refund-agent");
    assertThat(decided.path("tool").asText()).isEqualTo("note");
    assertThat(decided.path("rule_ids").toString()).contains("note-needs-approval");
  }
}
