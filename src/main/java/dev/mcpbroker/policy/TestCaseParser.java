package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Reads one entry of {@code tests:}; see {@link PolicyParser}. */
final class TestCaseParser {
  private static final Set<String> TEST = PolicyParser.set(
      "name", "principal", "tool", "args", "session", "facts", "now", "expect");
  private static final Set<String> PRINCIPAL = PolicyParser.set("agent", "subject", "actors", "scopes", "session");
  private static final Set<String> EXPECT = PolicyParser.set("decision", "reason", "rewritten", "rules");
  /** A fixed clock for tests that do not set {@code now}, so that results are reproducible. */
  static final Instant DEFAULT_NOW = Instant.parse("2026-01-01T00:00:00Z");

  private TestCaseParser() {}

  static PolicyTestCase parse(PolicyYaml yaml, String path, JsonNode node) {
    return parse(yaml, path, node, true);
  }

  /** Parses a case; without {@code requireExpect} (a call to explain) a missing expect is allowed. */
  static PolicyTestCase parse(PolicyYaml yaml, String path, JsonNode node, boolean requireExpect) {
    YamlSection t = YamlSection.of(yaml, path, node, TEST);
    YamlSection p = t.section("principal", PRINCIPAL);
    if (p == null) {
      throw t.error("principal", "missing (expected: a mapping with agent and subject)");
    }
    PrincipalView principal = new PrincipalView(p.text("agent", "an agent id"),
        p.text("subject", "a subject id"), p.strings("actors", "actor ids"),
        new HashSet<>(p.strings("scopes", "scopes")),
        Optional.ofNullable(p.optionalText("session", "a session id")).orElse("test-session"));
    YamlSection e = t.section("expect", EXPECT);
    if (e == null && !requireExpect) {
      e = YamlSection.of(yaml, t.at("expect"), Json.NODES.objectNode().put("decision", "deny"), EXPECT);
    }
    if (e == null) {
      throw t.error("expect", "missing (expected: a mapping with decision)");
    }
    YamlSection ex = e;
    String d = e.text("decision", "allow, deny or held");
    Effect decision = Effect.fromYaml(d).orElseThrow(() ->
        ex.error("decision", "\"" + d + "\" (expected: allow, deny or held)"));
    Instant now = DEFAULT_NOW;
    String nowText = t.optionalText("now", "an RFC 3339 time such as 2026-01-01T12:00:00Z");
    if (nowText != null) {
      try {
        now = Instant.parse(nowText);
      } catch (DateTimeParseException bad) {
        throw t.error("now", "\"" + nowText + "\" (expected: an RFC 3339 time such as 2026-01-01T12:00:00Z)");
      }
    }
    return new PolicyTestCase(path, requireExpect ? t.text("name", "a test name") : "call", principal,
        t.text("tool", "a tool name"), object(t, "args"), object(t, "session"), object(t, "facts"), now,
        decision, Optional.ofNullable(e.optionalText("reason", "a reason code")),
        e.has("rewritten") ? Optional.of(object(e, "rewritten")) : Optional.empty(),
        e.has("rules") ? Optional.of(e.strings("rules", "rule ids")) : Optional.empty(),
        yaml.line(path));
  }

  private static ObjectNode object(YamlSection s, String key) {
    JsonNode v = s.get(key);
    if (v == null) {
      return Json.NODES.objectNode();
    }
    if (!v.isObject()) {
      throw s.error(key, YamlSection.describe(v) + " (expected: a mapping)");
    }
    return (ObjectNode) v;
  }
}
