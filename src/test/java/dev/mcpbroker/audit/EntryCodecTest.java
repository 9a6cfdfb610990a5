package dev.mcpbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.CanonicalJson;
import dev.mcpbroker.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntryCodecTest {
  private static final Instant T = Instant.parse("2026-11-05T10:15:30.123456Z");

  @Test
  void splicedEntry_isByteIdenticalToCanonicalizingTheWholeEntry() throws Exception {
    for (int i = 0; i < 50; i++) {
      byte[] line = EntryCodec.assemble(EntryCodec.prepare(TestLogs.event(i)), i, T, "ab".repeat(32));
      assertThat(CanonicalJson.canonicalize(Json.MAPPER.readTree(line))).isEqualTo(line);
    }
    AuditEvent awkward = AuditEvent.builder(AuditEvent.Type.ADMIN_ACTION)
        .details(Json.NODES.objectNode().put("note", "quote \" brace } comma , \u00e9 \u2028")
            .set("nested", Json.MAPPER.readTree("{\"prev\":\"x\",\"seq\":[1,{\"}\":2}],\"z\":1e30}")))
        .build();
    byte[] line = EntryCodec.assemble(EntryCodec.prepare(awkward), 7, T, EntryCodec.ZERO_HASH);
    assertThat(CanonicalJson.canonicalize(Json.MAPPER.readTree(line))).isEqualTo(line);
  }

  @Test
  void everyMember_nonAsciiText_andPartialPrincipals_spliceByteIdentically() throws Exception {
    List<AuditEvent> events = List.of(
        AuditEvent.builder(AuditEvent.Type.UPSTREAM_OUTCOME)
            .principal("agent-\u00e9", "customer-\u2028\"x\"", List.of("bot-\ud83d\ude00", "ops"))
            .session("s-\u00fc").tool("t\u00f6ol").actionTokenId("jti-1").upstream("ok", 12)
            .arguments(Json.MAPPER.readTree("{\"\u00e9\":1,\"b\":[1.5,null,true],\"a\\n\":\"\\u0001\"}"), Set.of())
            .decision(AuditEvent.Decision.REWRITE, "r\u00e9", List.of("r1", "r\u00e9"))
            .policyVersion("v\u00e9").details(Json.NODES.objectNode().put("z", 1e30).put("\u00e9", "\u00e9"))
            .build(),
        AuditEvent.builder(AuditEvent.Type.ADMIN_ACTION).principal(null, "only-subject", null).build(),
        AuditEvent.builder(AuditEvent.Type.ADMIN_ACTION).principal("only-agent", null, List.of()).build(),
        AuditEvent.builder(AuditEvent.Type.ADMIN_ACTION).principal(null, null, null).reason("none").build());
    for (AuditEvent e : events) {
      byte[] line = EntryCodec.assemble(EntryCodec.prepare(e), 9, T, "cd".repeat(32));
      assertThat(CanonicalJson.canonicalize(Json.MAPPER.readTree(line))).isEqualTo(line);
    }
    JsonNode full = Json.MAPPER.readTree(EntryCodec.assemble(EntryCodec.prepare(events.get(0)), 9, T, EntryCodec.ZERO_HASH));
    assertThat(full.size()).as("13 members of the event, then prev, seq, time").isEqualTo(16);
    assertThat(full.get("principal").get("actor_history").get(0).asText()).isEqualTo("bot-\ud83d\ude00");
    assertThat(full.get("latency_ms").asLong()).isEqualTo(12);
  }

  @Test
  void entry_carriesSeqTimeAndPrev_andOmitsNullFields() throws Exception {
    AuditEvent e = AuditEvent.builder(AuditEvent.Type.POLICY_RELOAD).policyVersion("v2").build();
    String line = new String(EntryCodec.assemble(EntryCodec.prepare(e), 3, T, EntryCodec.ZERO_HASH),
        StandardCharsets.UTF_8);
    assertThat(line).isEqualTo("{\"policy_version\":\"v2\",\"prev\":\"" + EntryCodec.ZERO_HASH
        + "\",\"seq\":3,\"time\":\"2026-11-05T10:15:30.123456Z\",\"type\":\"policy_reload\"}");
  }

  @Test
  void sensitiveArguments_areReplacedByDigestsOfTheirCanonicalValue() throws Exception {
    JsonNode args = Json.MAPPER.readTree("{\"card\":{\"n\":\"4111\",\"cvc\":\"123\"},\"amount\":5}");
    JsonNode out = AuditEvent.digestSensitive(args, Set.of("card", "absent"));
    assertThat(out.get("amount").asInt()).isEqualTo(5);
    assertThat(out.get("card").get("sha256").asText())
        .isEqualTo(CanonicalJson.sha256Hex(Json.MAPPER.readTree("{\"cvc\":\"123\",\"n\":\"4111\"}")));
    assertThat(out.toString()).doesNotContain("4111");
    assertThat(args.get("card").get("n").asText()).as("caller's node untouched").isEqualTo("4111");
  }

  @Test
  void event_isImmutable_andValidated() {
    ObjectNode args = Json.NODES.objectNode().put("a", 1);
    AuditEvent e = AuditEvent.builder(AuditEvent.Type.DECISION)
        .decision(AuditEvent.Decision.ALLOW, "ok", List.of("r1")).arguments(args, Set.of()).build();
    args.put("a", 2);
    assertThat(e.arguments().get("a").asInt()).isEqualTo(1);
    assertThatThrownBy(() -> AuditEvent.builder(AuditEvent.Type.DECISION).build())
        .hasMessageContaining("decision");
    assertThatThrownBy(() -> AuditEvent.builder(AuditEvent.Type.UPSTREAM_OUTCOME)
        .upstream("ok", -1).build()).hasMessageContaining("latencyMs: -1");
  }

  @Test
  void scalarSensitiveValue_isDigestedAsItsCanonicalForm() {
    JsonNode out = AuditEvent.digestSensitive(
        Json.NODES.objectNode().put("pin", "1234").put("n", 1.50), Set.of("pin", "n"));
    // SHA-256 of the bytes "1234" with quotes, and of the ES6 number form "1.5"
    assertThat(out.get("pin").get("sha256").asText()).isEqualTo(TestLogs.sha256Hex("\"1234\""));
    assertThat(out.get("n").get("sha256").asText()).isEqualTo(TestLogs.sha256Hex("1.5"));
  }
}
