package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses {@code policies.yaml} into a {@link PolicyFile}, or fails with a {@link PolicyException}
 * naming file, line, field, value and expectation. Checks shape only; CEL and the catalog are
 * checked by {@link SnapshotBuilder}.
 */
final class PolicyParser {
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> TOP =
      set("version", "roles", "limits", "facts", "session", "signals", "rules", "tests");
  private static final Set<String> ROLES = set("agents", "subjects");
  private static final Set<String> LIMITS = set("session_calls");
  private static final Set<String> FACT = set("tool", "args", "ttl");
  private static final Set<String> SESSION_LIST = set("tool", "value");
  private static final Set<String> SIGNAL = set("tools", "when");
  static final Duration DEFAULT_FACT_TTL = Duration.ofSeconds(30);

  private PolicyParser() {}

  static PolicyFile parse(PolicyYaml yaml) {
    YamlSection top = YamlSection.of(yaml, "", yaml.root(), TOP);
    JsonNode version = top.get("version");
    if (version == null || !version.isInt() || version.intValue() != 1) {
      throw top.error("version", YamlSection.describe(version) + " (expected: 1)");
    }
    YamlSection limits = top.section("limits", LIMITS);
    long cap = limits == null || !limits.has("session_calls") ? 0 : limits.positiveLong("session_calls");
    List<RuleSpec> rules = new ArrayList<>();
    JsonNode list = top.get("rules");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw top.error("rules", YamlSection.describe(list) + " (expected: a non-empty list of rules)");
    }
    Map<String, String> ids = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      RuleSpec r = RuleParser.parse(yaml, PolicyYaml.index("rules", i), list.get(i));
      String first = ids.putIfAbsent(r.id(), r.path());
      if (first != null) {
        throw yaml.error(r.path() + ".id", "\"" + r.id() + "\" (expected: a unique rule id; first at line "
            + yaml.line(first + ".id") + ")");
      }
      rules.add(r);
    }
    List<PolicyTestCase> tests = new ArrayList<>();
    JsonNode testList = top.get("tests");
    if (testList != null && !testList.isArray()) {
      throw top.error("tests", YamlSection.describe(testList) + " (expected: a list of test cases)");
    }
    for (int i = 0; testList != null && i < testList.size(); i++) {
      tests.add(TestCaseParser.parse(yaml, PolicyYaml.index("tests", i), testList.get(i)));
    }
    return new PolicyFile(1, roles(top), cap, facts(top), sessionLists(top), signals(top), rules, tests);
  }

  private static Entitlements roles(YamlSection top) {
    YamlSection roles = top.section("roles", ROLES);
    if (roles == null) {
      return Entitlements.NONE;
    }
    return new Entitlements(side(roles, "agents"), side(roles, "subjects"));
  }

  private static Map<String, Map<String, BigDecimal>> side(YamlSection roles, String key) {
    Map<String, Map<String, BigDecimal>> out = new LinkedHashMap<>();
    JsonNode who = roles.get(key);
    if (who == null) {
      return out;
    }
    if (!who.isObject()) {
      throw roles.error(key, YamlSection.describe(who) + " (expected: a mapping of id to limits)");
    }
    who.fieldNames().forEachRemaining(id -> {
      String path = PolicyYaml.child(roles.at(key), id);
      JsonNode limits = who.get(id);
      if (limits == null || !limits.isObject()) {
        throw roles.yaml.error(path, YamlSection.describe(limits) + " (expected: a mapping of limit name to decimal string)");
      }
      Set<String> names = new LinkedHashSet<>();
      limits.fieldNames().forEachRemaining(names::add);
      YamlSection s = YamlSection.of(roles.yaml, path, limits, names);
      Map<String, BigDecimal> granted = new LinkedHashMap<>();
      for (String name : names) {
        granted.put(name, s.decimal(name));
      }
      out.put(id, granted);
    });
    return out;
  }

  private static Map<String, FactSpec> facts(YamlSection top) {
    Map<String, FactSpec> out = new LinkedHashMap<>();
    forEachNamed(top, "facts", (name, path, node) -> {
      YamlSection f = YamlSection.of(top.yaml, path, node, FACT);
      out.put(name, new FactSpec(path, name, f.text("tool", "the name of a read-tier tool"),
          f.stringMap("args", "a CEL expression"), f.duration("ttl", DEFAULT_FACT_TTL)));
    });
    return out;
  }

  private static Map<String, SessionListSpec> sessionLists(YamlSection top) {
    Map<String, SessionListSpec> out = new LinkedHashMap<>();
    forEachNamed(top, "session", (name, path, node) -> {
      if (name.equals("id") || name.equals("calls")) {
        throw top.yaml.error(path, "\"" + name + "\" (expected: a name other than id and calls)");
      }
      YamlSection s = YamlSection.of(top.yaml, path, node, SESSION_LIST);
      out.put(name, new SessionListSpec(path, name, s.text("tool", "a tool name"),
          s.text("value", "a CEL expression over call")));
    });
    return out;
  }

  private static Map<String, SignalSpec> signals(YamlSection top) {
    Map<String, SignalSpec> out = new LinkedHashMap<>();
    forEachNamed(top, "signals", (name, path, node) -> {
      YamlSection s = YamlSection.of(top.yaml, path, node, SIGNAL);
      List<String> tools = s.strings("tools", "tool names");
      if (tools.isEmpty()) {
        throw s.error("tools", YamlSection.describe(s.get("tools")) + " (expected: a non-empty list of tool names)");
      }
      out.put(name, new SignalSpec(path, name, tools, s.text("when", "a CEL condition")));
    });
    return out;
  }

  interface Named {
    void accept(String name, String path, JsonNode node);
  }

  private static void forEachNamed(YamlSection top, String key, Named each) {
    JsonNode m = top.get(key);
    if (m == null) {
      return;
    }
    if (!m.isObject()) {
      throw top.error(key, YamlSection.describe(m) + " (expected: a mapping of name to declaration)");
    }
    m.fieldNames().forEachRemaining(name -> {
      String path = PolicyYaml.child(key, name);
      if (!NAME.matcher(name).matches()) {
        throw top.yaml.error(path, "\"" + name + "\" (expected: a name of A-Z a-z 0-9 _, not starting with a digit)");
      }
      each.accept(name, path, m.get(name));
    });
  }

  static Set<String> set(String... keys) {
    return new LinkedHashSet<>(List.of(keys));
  }
}
