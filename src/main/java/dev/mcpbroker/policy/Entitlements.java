package dev.mcpbroker.policy;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Holds the limits granted to agents and to the people they act for, and computes the effective
 * limit of a pair as the minimum of both (the intersection, never the union). {@code "*"} is the
 * entry for anyone not listed by name; a listed entry replaces it whole. A limit missing on either
 * side means no permission at all.
 */
final class Entitlements {
  static final String ANYONE = "*";
  static final Entitlements NONE = new Entitlements(Map.of(), Map.of());

  private final Map<String, Map<String, BigDecimal>> agents;
  private final Map<String, Map<String, BigDecimal>> subjects;

  Entitlements(Map<String, Map<String, BigDecimal>> agents, Map<String, Map<String, BigDecimal>> subjects) {
    this.agents = copy(agents);
    this.subjects = copy(subjects);
  }

  /** The effective limit {@code name} of {@code agent} acting for {@code subject}, if both have one. */
  Optional<BigDecimal> effective(String agent, String subject, String name) {
    BigDecimal a = entry(agents, agent).get(name);
    BigDecimal s = entry(subjects, subject).get(name);
    if (a == null || s == null) {
      return Optional.empty();
    }
    return Optional.of(a.min(s));
  }

  /** Every limit the pair effectively holds, by name (names missing on either side are absent). */
  Map<String, BigDecimal> effectiveAll(String agent, String subject) {
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    Map<String, BigDecimal> s = entry(subjects, subject);
    entry(agents, agent).forEach((name, a) -> {
      BigDecimal b = s.get(name);
      if (b != null) {
        out.put(name, a.min(b));
      }
    });
    return out;
  }

  private static Map<String, BigDecimal> entry(Map<String, Map<String, BigDecimal>> side, String who) {
    Map<String, BigDecimal> e = side.get(who);
    return e != null ? e : side.getOrDefault(ANYONE, Map.of());
  }

  private static Map<String, Map<String, BigDecimal>> copy(Map<String, Map<String, BigDecimal>> in) {
    Map<String, Map<String, BigDecimal>> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    return Collections.unmodifiableMap(out);
  }
}
