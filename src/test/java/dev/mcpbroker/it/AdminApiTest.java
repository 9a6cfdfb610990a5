package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.audit.AuditQuery;
import dev.mcpbroker.testing.AdminHttp;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.RecordingUpstream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API as an operator uses it, over real HTTP on its own port, against a broker in front
 * of a recording upstream: the token guards every admin route (and is never accepted from a query
 * string), the kill switch, the tool switch, approvals, reload, readiness and metrics. The upstream's
 * call count is the oracle for "nothing got through".
 */
class AdminApiTest {
  static final String POLICY = """
      version: 1
      signals:
        big_text: {tools: [pay], when: 'args.text == "big"'}
      rules:
        - id: pay
          tools: [pay]
          effect: permit
          obligations:
            rate_limit: {per: subject, window: 1h, max: 6}
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
  private AdminHttp admin;

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
    admin = AdminHttp.of(broker.broker());
  }

  @AfterEach
  void stop() throws Exception {
    broker.close();
    upstream.close();
  }

  @Test
  void adminRoutes_needTheToken_inTheHeader_only() throws Exception {
    assertThat(admin.withToken(null).get("/healthz").status()).isEqualTo(200);
    assertThat(admin.withToken(null).get("/metrics").status()).isEqualTo(200);

    AdminHttp.Answer none = admin.withToken(null).post("/admin/tools/pay/disable", "");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(admin.withToken(admin.token() + "x").post("/admin/tools/pay/disable", "").status()).isEqualTo(401);
    assertThat(admin.withToken("short").get("/admin/approvals").status()).isEqualTo(401);
    // an unauthenticated caller cannot even tell routes apart
    assertThat(admin.withToken(null).get("/admin/no-such-route").status()).isEqualTo(401);

    AdminHttp.Answer inQuery = admin.withToken(null).post("/admin/tools/pay/disable?access_token=" + admin.token(), "");
    assertThat(inQuery.status()).isEqualTo(400);
    assertThat(inQuery.json().path("error").asText()).contains("access_token");
    assertThat(admin.withToken(null).post("/admin/tools/pay/disable?token=" + admin.token(), "").status()).isEqualTo(400);
    assertThat(broker.broker().toolSwitch().disabled()).isEmpty();

    assertThat(admin.get("/admin/no-such-route").status()).isEqualTo(404);
    AdminHttp.Answer wrongMethod = admin.get("/admin/reload");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.raw().headers().firstValue("Allow")).hasValue("POST");

    List<JsonNode> entries = adminEntries();
    assertThat(entries).extracting(e -> e.path("details").path("outcome").asText()).contains("unauthorized", "not_found");
    assertThat(auditText()).doesNotContain(admin.token());
  }

  @Test
  void revokedAgent_isRefusedOnItsNextCall_inEverySession_andItsStreamIsClosed() throws Exception {
    McpHttp agent = broker.client(broker.token("rogue-agent", "customer-42"));
    McpHttp bystander = broker.client(broker.token("good-agent", "customer-42"));
    String first = agent.initialize("2025-11-25");
    String second = agent.initialize("2025-11-25");
    String other = bystander.initialize("2025-11-25");
    assertThat(agent.callTool(first, 1, "pay", "{\"text\":\"a\"}").path("result").path("isError").asBoolean()).isFalse();
    Listening stream = listen(broker.token("rogue-agent", "customer-42"), first);
    int reached = upstream.calls();
    double before = broker.broker().metrics().denials("none", "revoked");

    AdminHttp.Answer revoked = admin.post("/admin/revocations", "{\"kind\":\"agent\",\"id\":\"rogue-agent\"}");

    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.json().path("sessionsEnded").asInt()).isEqualTo(2);
    assertThat(revoked.json().path("persisted").asBoolean()).isTrue();
    // what a restarted broker reads back: the kill switch survives it
    var kept = dev.mcpbroker.identity.Revocations.persistent(broker.auditDir().getParent().resolve("revocations.jsonl"));
    assertThat(kept.isRevoked(new dev.mcpbroker.identity.Principal("rogue-agent", "customer-7", List.of(),
        java.util.Set.of(), java.util.Map.of(), "sid-x", "jti-x", java.time.Instant.now().plusSeconds(60)))).isTrue();
    McpHttp.Answer next = agent.post(first, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"pay\",\"arguments\":{\"text\":\"b\"}}}");
    assertThat(next.status()).isEqualTo(401);
    assertThat(next.body()).contains("revoked");
    assertThat(agent.post(second, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"pay\",\"arguments\":{\"text\":\"c\"}}}").status()).isEqualTo(401);
    // a fresh token of the same agent is refused too: the agent is revoked, not a token
    assertThat(broker.client(broker.token("rogue-agent", "customer-42")).post(null, INITIALIZE).status()).isEqualTo(401);
    assertThat(stream.ended().get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(upstream.calls()).isEqualTo(reached);
    assertThat(broker.broker().metrics().denials("none", "revoked")).isEqualTo(before + 3);
    assertThat(bystander.callTool(other, 1, "pay", "{\"text\":\"d\"}").path("result").path("isError").asBoolean()).isFalse();

    assertThat(decisions()).anySatisfy(e -> assertThat(e.path("reason").asText()).isEqualTo("authentication:revoked"));
    assertThat(adminEntries()).anySatisfy(e -> {
      assertThat(e.path("details").path("action").asText()).isEqualTo("revoke");
      assertThat(e.path("details").path("id").asText()).isEqualTo("rogue-agent");
      assertThat(e.path("details").path("outcome").asText()).isEqualTo("ok");
    });
  }

  @Test
  void disabledTool_isWithheldAndRefused_andEnablingItWorksWithoutRestart() throws Exception {
    McpHttp client = broker.client(broker.token("test-agent", "customer-1"));
    String session = client.initialize("2025-11-25");
    Listening stream = listen(broker.token("test-agent", "customer-1"), session);
    assertThat(toolNames(client, session)).contains("pay", "note");

    assertThat(admin.post("/admin/tools/pay/disable", "").json().path("changed").asBoolean()).isTrue();

    assertThat(toolNames(client, session)).containsExactly("note");
    awaitLine(stream, "notifications/tools/list_changed");
    int reached = upstream.calls();
    JsonNode refused = client.callTool(session, 5, "pay", "{\"text\":\"x\"}").path("result");
    assertThat(refused.path("isError").asBoolean()).isTrue();
    assertThat(refused.path("_meta").path("dev.mcpbroker/reason").asText()).isEqualTo("tool_disabled");
    assertThat(upstream.calls()).isEqualTo(reached);
    assertThat(broker.broker().metrics().denials("pay", "tool_disabled")).isEqualTo(1);
    assertThat(decisions()).anySatisfy(e -> {
      assertThat(e.path("tool").asText()).isEqualTo("pay");
      assertThat(e.path("reason").asText()).isEqualTo("tool_disabled");
    });
    assertThat(admin.get("/admin/tools").json().path("tools")).anySatisfy(t -> {
      assertThat(t.path("name").asText()).isEqualTo("pay");
      assertThat(t.path("enabled").asBoolean()).isFalse();
      assertThat(t.path("state").asText()).isEqualTo("verified");
    });
    assertThat(admin.post("/admin/tools/nope/disable", "").status()).isEqualTo(404);

    assertThat(admin.post("/admin/tools/pay/enable", "").status()).isEqualTo(200);

    assertThat(toolNames(client, session)).containsExactly("pay", "note");
    JsonNode ok = client.callTool(session, 6, "pay", "{\"text\":\"y\"}").path("result");
    assertThat(ok.path("content").get(0).path("text").asText()).isEqualTo("echo: y");
    assertThat(upstream.calls()).isEqualTo(reached + 1);
  }

  @Test
  void approvals_roundTripThroughTheApi() throws Exception {
    McpHttp client = broker.client(broker.token("refund-agent", "customer-42"));
    String session = client.initialize("2025-11-25");
    String id = client.callTool(session, 1, "note", "{}").path("result").path("_meta").path("dev.mcpbroker/approval").asText();
    int reached = upstream.calls();

    JsonNode listed = admin.get("/admin/approvals").json().path("approvals");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("id").asText()).isEqualTo(id);
    assertThat(listed.get(0).path("tool").asText()).isEqualTo("note");
    assertThat(listed.get(0).path("agent").asText()).isEqualTo("refund-agent");
    assertThat(metric("mcp_broker_approvals_pending")).isEqualTo(1);

    AdminHttp.Answer approved = admin.post("/admin/approvals/" + id + "/approve", "{\"approver\":\"alice\"}");
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.json().path("state").asText()).isEqualTo("approved");
    assertThat(admin.post("/admin/approvals/" + id + "/approve", "{\"approver\":\"alice\"}").status()).isEqualTo(409);
    assertThat(admin.post("/admin/approvals/apr_unknown/approve", "{\"approver\":\"alice\"}").status()).isEqualTo(404);

    assertThat(client.callTool(session, 2, "note", "{}").path("result").path("content").get(0).path("text").asText())
        .isEqualTo("hidden ran");
    assertThat(upstream.calls()).isEqualTo(reached + 1);
    // used up: the same call again waits for a new approval, which a human rejects
    String again = client.callTool(session, 3, "note", "{}").path("result").path("_meta").path("dev.mcpbroker/approval").asText();
    assertThat(again).startsWith("apr_").isNotEqualTo(id);
    assertThat(admin.post("/admin/approvals/" + again + "/reject", "{\"approver\":\"bob\",\"reason\":\"not today\"}")
        .json().path("state").asText()).isEqualTo("rejected");
    JsonNode rejected = client.callTool(session, 4, "note", "{}").path("result");
    assertThat(rejected.path("isError").asBoolean()).isTrue();
    assertThat(rejected.path("_meta").path("dev.mcpbroker/reason").asText()).isEqualTo("approval_rejected");
    assertThat(upstream.calls()).isEqualTo(reached + 1);
    assertThat(metric("mcp_broker_approvals_total{outcome=\"approved\"}")).isEqualTo(1);
    assertThat(metric("mcp_broker_approvals_total{outcome=\"rejected\"}")).isEqualTo(1);
    assertThat(adminEntries()).anySatisfy(e -> {
      assertThat(e.path("details").path("action").asText()).isEqualTo("reject");
      assertThat(e.path("details").path("approver").asText()).isEqualTo("bob");
      assertThat(e.path("details").path("reason").asText()).isEqualTo("not today");
    });
  }

  @Test
  void badBodies_get400NamingTheField() throws Exception {
    assertThat(error(admin.post("/admin/revocations", "{\"kind\":"))).startsWith("body: not valid JSON");
    assertThat(error(admin.post("/admin/revocations", "[1]"))).startsWith("body: array");
    assertThat(error(admin.post("/admin/revocations", ""))).startsWith("body: empty");
    assertThat(error(admin.post("/admin/revocations", "{\"kind\":\"user\",\"id\":\"x\"}")))
        .isEqualTo("kind: \"user\" (expected: agent, session or token)");
    assertThat(error(admin.post("/admin/revocations", "{\"kind\":\"agent\"}"))).startsWith("id: missing");
    assertThat(error(admin.post("/admin/revocations", "{\"kind\":\"agent\",\"id\":7}"))).startsWith("id: 7");
    assertThat(error(admin.post("/admin/approvals/apr_x/approve", "{}"))).startsWith("approver: missing");
    assertThat(error(admin.post("/admin/approvals/apr_x/reject", "{\"approver\":\"\"}"))).startsWith("approver: \"\"");
    assertThat(adminEntries()).anySatisfy(e -> assertThat(e.path("details").path("outcome").asText()).isEqualTo("bad_request"));
  }

  @Test
  void keysRotate_theNextKeySigns_andTheRetiredOneStaysPublished() throws Exception {
    List<String> before = jwksKids();
    assertThat(before).hasSize(2); // current and next

    AdminHttp.Answer rotated = admin.post("/admin/keys/rotate", "");
    assertThat(rotated.status()).isEqualTo(200);
    String current = rotated.json().path("current").asText();
    String retired = rotated.json().path("retired").asText();
    // the key that signs now was published before it signed anything
    assertThat(before).containsExactlyInAnyOrder(current, retired);
    assertThat(java.time.Instant.parse(rotated.json().path("retiredPublishedUntil").asText()))
        .isAfter(java.time.Instant.now().plus(Duration.ofMinutes(4)));
    List<String> after = jwksKids();
    assertThat(after).hasSize(3).contains(current, retired);

    var principal = new dev.mcpbroker.identity.Principal("refund-agent", "customer-42", List.of(), java.util.Set.of(),
        java.util.Map.of(), "sid-1", "jti-1", java.time.Instant.now().plusSeconds(300));
    String token = broker.broker().identity().minter()
        .mint(principal, upstream.url(), "echo", dev.mcpbroker.json.Json.NODES.objectNode()).jwt();
    assertThat(com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo(current);
    assertThat(adminEntries()).anySatisfy(e -> {
      assertThat(e.path("details").path("action").asText()).isEqualTo("rotate_keys");
      assertThat(e.path("details").path("retired").asText()).isEqualTo(retired);
      assertThat(e.path("details").path("outcome").asText()).isEqualTo("ok");
    });
    assertThat(admin.get("/admin/keys/rotate").status()).isEqualTo(405);
  }

  private List<String> jwksKids() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(broker.url().resolve("/.well-known/jwks.json")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> kids = new java.util.ArrayList<>();
    dev.mcpbroker.json.Json.MAPPER.readTree(r.body()).path("keys").forEach(k -> kids.add(k.path("kid").asText()));
    return kids;
  }

  @Test
  void reload_appliesAValidPolicy_andRejectsABrokenOneWith422() throws Exception {
    String before = admin.get("/admin/policy").json().path("version").asText();
    assertThat(before).isEqualTo(broker.broker().policy().snapshot().version());

    Files.writeString(broker.policyFile(), POLICY.replace("rules:", "rules:\n  - {id: bad, tools: [nope], effect: permit}"));
    AdminHttp.Answer rejected = admin.post("/admin/reload", "");
    assertThat(rejected.status()).isEqualTo(422);
    assertThat(rejected.json().path("outcome").asText()).isEqualTo("rejected");
    assertThat(rejected.json().path("error").asText()).contains("policies.yaml:").contains("nope");
    assertThat(broker.broker().policy().snapshot().version()).isEqualTo(before);

    Files.writeString(broker.policyFile(), POLICY + "# a comment changes the version\n");
    AdminHttp.Answer ok = admin.post("/admin/reload", "");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().path("outcome").asText()).isEqualTo("success");
    assertThat(ok.json().path("policyVersion").asText()).isNotEqualTo(before)
        .isEqualTo(broker.broker().policy().snapshot().version());
    assertThat(admin.get("/admin/policy").json().path("version").asText()).isEqualTo(ok.json().path("policyVersion").asText());
    assertThat(metric("mcp_broker_policy_reloads_total{outcome=\"rejected\"}")).isGreaterThanOrEqualTo(1);
    assertThat(metric("mcp_broker_policy_reloads_total{outcome=\"success\"}")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void readyz_is503_whileTheAuditLogCannotBeWritten() throws Exception {
    AdminHttp.Answer ready = admin.withToken(null).get("/readyz");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("ready").asBoolean()).isTrue();
    assertThat(metric("mcp_broker_ready")).isEqualTo(1);

    broker.broker().audit().close(); // from now on every append fails, as on a full or lost disk

    AdminHttp.Answer notReady = admin.withToken(null).get("/readyz");
    assertThat(notReady.status()).isEqualTo(503);
    assertThat(notReady.json().path("ready").asBoolean()).isFalse();
    assertThat(notReady.json().path("reasons").get(0).asText()).contains("audit log unwritable");
    assertThat(admin.withToken(null).get("/healthz").status()).isEqualTo(200);
    assertThat(metric("mcp_broker_ready")).isEqualTo(0);
  }

  @Test
  void metrics_showTheDenialWithToolAndReason_andNeverWhoAsked() throws Exception {
    McpHttp client = broker.client(broker.token("secret-agent-7", "customer-99"));
    String session = client.initialize("2025-11-25");
    client.callTool(session, 1, "pay", "{\"text\":\"drop\"}");
    client.callTool(session, 2, "pay", "{\"text\":\"big\"}");
    client.callTool(session, 3, "no_such_tool", "{}");
    for (int i = 0; i < 6; i++) {
      client.callTool(session, 10 + i, "pay", "{\"text\":\"n" + i + "\"}");
    }
    broker.client("not-a-token").post(null, INITIALIZE);

    String text = admin.withToken(null).get("/metrics").body();

    assertThat(metric(text, "mcp_broker_denials_total{reason=\"drop_forbidden\",tool=\"pay\"}")).isEqualTo(1);
    assertThat(metric(text, "mcp_broker_denials_total{reason=\"unknown_tool\",tool=\"unknown\"}")).isEqualTo(1);
    assertThat(metric(text, "mcp_broker_denials_total{reason=\"rate_limited\",tool=\"pay\"}")).isEqualTo(1);
    assertThat(metric(text, "mcp_broker_obligation_hits_total{kind=\"rate_limit\",tool=\"pay\"}")).isEqualTo(1);
    assertThat(metric(text, "mcp_broker_policy_signals_total{signal=\"big_text\",tool=\"pay\"}")).isEqualTo(1);
    assertThat(metric(text, "mcp_broker_decisions_total{decision=\"allow\",tool=\"pay\"}")).isEqualTo(6);
    assertThat(metric(text, "mcp_broker_upstream_calls_total{outcome=\"ok\",upstream=\"rec\"}")).isEqualTo(6);
    assertThat(metric(text, "mcp_broker_upstream_up{upstream=\"rec\"}")).isEqualTo(1);
    assertThat(text).contains("mcp_broker_denials_total{reason=\"malformed\",tool=\"none\"}")
        .contains("mcp_broker_call_seconds_bucket{tool=\"pay\"").contains("mcp_broker_upstream_seconds_bucket{upstream=\"rec\"")
        .contains("mcp_broker_policy_evaluation_seconds_bucket").contains("mcp_broker_audit_append_seconds_bucket")
        .contains("mcp_broker_audit_appends_total").contains("mcp_broker_audit_failures_total");
    assertThat(text).doesNotContain("secret-agent-7").doesNotContain("customer-99").doesNotContain(session)
        .doesNotContain("no_such_tool");
  }

  // ---- helpers

  static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  /** An open GET stream: the lines received so far, and whether the broker ended it. */
  record Listening(Queue<String> lines, CompletableFuture<Boolean> ended) {}

  private Listening listen(String token, String session) throws Exception {
    HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(broker.url())
        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token)
        .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25").GET().build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    Queue<String> lines = new ConcurrentLinkedQueue<>();
    CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> {
      try (Stream<String> body = r.body()) {
        body.forEach(lines::add);
        return true;
      } catch (RuntimeException e) {
        return true; // reset: ended all the same
      }
    });
    return new Listening(lines, ended);
  }

  private static void awaitLine(Listening stream, String text) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      if (stream.lines().stream().anyMatch(l -> l.contains(text))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no line with " + text + " on the stream: " + stream.lines());
  }

  private static List<String> toolNames(McpHttp client, String session) throws Exception {
    JsonNode tools = client.post(session, "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tools/list\"}").last()
        .path("result").path("tools");
    return java.util.stream.StreamSupport.stream(tools.spliterator(), false).map(t -> t.path("name").asText()).toList();
  }

  private static String error(AdminHttp.Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    return a.json().path("error").asText();
  }

  private double metric(String series) throws Exception {
    return metric(admin.withToken(null).get("/metrics").body(), series);
  }

  /** The value of one series in the Prometheus text, or -1 when it is absent. */
  static double metric(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return -1;
  }

  private List<JsonNode> entries() throws Exception {
    // admin entries are queued before the answer is sent; the checkpoint is queued after them
    broker.broker().audit().checkpoint().get(10, TimeUnit.SECONDS);
    try (Stream<JsonNode> all = AuditQuery.run(broker.auditDir(), AuditQuery.Filter.ALL)) {
      return all.toList();
    }
  }

  private List<JsonNode> decisions() throws Exception {
    return entries().stream().filter(e -> "decision".equals(e.path("type").asText())).toList();
  }

  private List<JsonNode> adminEntries() throws Exception {
    return entries().stream().filter(e -> "admin_action".equals(e.path("type").asText())).toList();
  }

  private String auditText() throws Exception {
    StringBuilder all = new StringBuilder();
    try (Stream<java.nio.file.Path> files = Files.list(broker.auditDir())) {
      for (java.nio.file.Path f : files.toList()) {
        all.append(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }
}
