package dev.mcpbroker.policy;

import dev.mcpbroker.catalog.Tier;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One rule as written in {@code policies.yaml}, before its CEL is compiled.
 *
 * @param path where the rule sits in the file ({@code rules[3]}), for error messages
 * @param tools the tool names it covers; empty when it selects by {@code tier}
 * @param tier the tier it covers, or {@code null} when it names tools
 * @param when the CEL condition ({@code "true"} when absent)
 * @param reason the stable reason code reported when it denies, or {@code null}
 */
record RuleSpec(
    String path,
    String id,
    List<String> tools,
    Tier tier,
    Kind effect,
    String when,
    String reason,
    boolean shadow,
    Map<String, String> set,
    List<String> remove,
    RateLimit rateLimit,
    Budget budget,
    Approval approval) {

  /** What a matching rule does. */
  enum Kind {
    PERMIT,
    FORBID
  }

  /** Whose calls a rate limit or budget counts together. */
  enum Scope {
    PRINCIPAL,
    SUBJECT,
    SESSION,
    TOOL
  }

  /** Counts calls over a sliding window. */
  record RateLimit(Scope per, Duration window, long max) {}

  /** Sums a decimal argument (a CEL expression) over a sliding window. */
  record Budget(Scope per, Duration window, String sum, BigDecimal max) {}

  /** Holds the call for a human when {@code when} holds; an approval is good for {@code ttl}. */
  record Approval(String when, Duration ttl) {}

  RuleSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(effect, "effect");
    tools = List.copyOf(tools);
    if (tools.isEmpty() == (tier == null)) {
      throw new IllegalArgumentException("tools: (expected: a list of tool names or {tier: ...})");
    }
    set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
    remove = List.copyOf(remove);
    if (effect == Kind.FORBID && (!set.isEmpty() || !remove.isEmpty() || rateLimit != null
        || budget != null || approval != null)) {
      throw new IllegalArgumentException("effect: forbid (expected: rewrite and obligations only on permit)");
    }
  }

  /** Tells whether this rule covers {@code tool} of {@code toolTier}. */
  boolean covers(String tool, Tier toolTier) {
    return tier == null ? tools.contains(tool) : tier == toolTier;
  }
}
