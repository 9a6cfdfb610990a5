package dev.mcpbroker.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Says what happens to a call: forwarded, refused, or held until a human decides. */
public enum Effect {
  ALLOW,
  DENY,
  HELD;

  // computed once: the request path asks for it on every call
  private final String lowercase = name().toLowerCase(Locale.ROOT);

  /** The lowercase spelling used in {@code policies.yaml} tests and in CEL ({@code "allow"}). */
  public String yamlName() {
    return lowercase;
  }

  /** Parses the lowercase spelling. */
  public static Optional<Effect> fromYaml(String s) {
    return Arrays.stream(values()).filter(e -> e.yamlName().equals(s)).findFirst();
  }
}
