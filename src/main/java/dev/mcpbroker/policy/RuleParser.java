package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.catalog.Tier;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads one entry of {@code rules:}; see {@link PolicyParser}. */
final class RuleParser {
  private static final Set<String> RULE = PolicyParser.set(
      "id", "tools", "effect", "when", "reason", "shadow", "rewrite", "obligations");
  private static final Set<String> REWRITE = PolicyParser.set("set", "remove");
  private static final Set<String> OBLIGATIONS = PolicyParser.set("rate_limit", "budget", "approval");
  private static final Set<String> RATE = PolicyParser.set("per", "window", "max");
  private static final Set<String> BUDGET = PolicyParser.set("per", "window", "sum", "max");
  private static final Set<String> APPROVAL = PolicyParser.set("when", "ttl");
  private static final Set<String> TIER = PolicyParser.set("tier");
  static final Pattern REASON = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  static final Duration DEFAULT_APPROVAL_TTL = Duration.ofMinutes(15);

  private RuleParser() {}

  static RuleSpec parse(PolicyYaml yaml, String path, JsonNode node) {
    YamlSection r = YamlSection.of(yaml, path, node, RULE);
    String id = r.text("id", "a rule id");
    JsonNode tools = r.get("tools");
    Tier tier = null;
    List<String> names = List.of();
    if (tools != null && tools.isObject()) {
      YamlSection t = YamlSection.of(yaml, r.at("tools"), tools, TIER);
      String spelled = t.text("tier", "one of read, write, money, irreversible");
      tier = Tier.fromYaml(spelled).orElseThrow(() -> t.error("tier",
          "\"" + spelled + "\" (expected: one of read, write, money, irreversible)"));
    } else {
      names = r.strings("tools", "tool names");
      if (names.isEmpty()) {
        throw r.error("tools", YamlSection.describe(tools) + " (expected: a list of tool names or {tier: ...})");
      }
    }
    String effectText = r.text("effect", "permit or forbid");
    RuleSpec.Kind effect = switch (effectText) {
      case "permit" -> RuleSpec.Kind.PERMIT;
      case "forbid" -> RuleSpec.Kind.FORBID;
      default -> throw r.error("effect", "\"" + effectText + "\" (expected: permit or forbid)");
    };
    String when = r.optionalText("when", "a CEL condition");
    String reason = r.optionalText("reason", "a reason code of a-z 0-9 _");
    if (reason != null && !REASON.matcher(reason).matches()) {
      throw r.error("reason", "\"" + reason + "\" (expected: a reason code of a-z 0-9 _, starting with a letter)");
    }
    if (effect == RuleSpec.Kind.FORBID && reason == null) {
      throw r.error("reason", "missing (expected: a reason code on every forbid rule)");
    }
    YamlSection rewrite = r.section("rewrite", REWRITE);
    YamlSection ob = r.section("obligations", OBLIGATIONS);
    if (effect == RuleSpec.Kind.FORBID && (rewrite != null || ob != null)) {
      throw r.error(rewrite != null ? "rewrite" : "obligations",
          "on a forbid rule (expected: rewrite and obligations only on permit rules)");
    }
    return new RuleSpec(path, id, names, tier, effect, when == null ? "true" : when, reason,
        r.bool("shadow", false),
        rewrite == null ? java.util.Map.of() : rewrite.stringMap("set", "a CEL expression"),
        rewrite == null ? List.of() : rewrite.strings("remove", "argument names"),
        ob == null ? null : rate(ob.section("rate_limit", RATE)),
        ob == null ? null : budget(ob.section("budget", BUDGET)),
        ob == null ? null : approval(ob.section("approval", APPROVAL)));
  }

  private static RuleSpec.RateLimit rate(YamlSection s) {
    return s == null ? null
        : new RuleSpec.RateLimit(scope(s), required(s, "window"), s.positiveLong("max"));
  }

  private static RuleSpec.Budget budget(YamlSection s) {
    return s == null ? null : new RuleSpec.Budget(scope(s), required(s, "window"),
        s.text("sum", "a CEL expression giving a decimal string, e.g. args.amount"), s.decimal("max"));
  }

  private static RuleSpec.Approval approval(YamlSection s) {
    if (s == null) {
      return null;
    }
    String when = s.optionalText("when", "a CEL condition");
    return new RuleSpec.Approval(when == null ? "true" : when, s.duration("ttl", DEFAULT_APPROVAL_TTL));
  }

  private static Duration required(YamlSection s, String key) {
    if (!s.has(key)) {
      throw s.error(key, "missing (expected: a positive duration like 1h)");
    }
    return s.duration(key, null);
  }

  private static RuleSpec.Scope scope(YamlSection s) {
    String per = s.text("per", "principal, subject, session or tool");
    try {
      if (!per.equals(per.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(per);
      }
      return RuleSpec.Scope.valueOf(per.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw s.error("per", "\"" + per + "\" (expected: principal, subject, session or tool)");
    }
  }
}
