package dev.mcpbroker.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Ranks a tool by the harm a wrong call can do; policy and approvals key off it. */
public enum Tier {
  READ,
  WRITE,
  MONEY,
  IRREVERSIBLE;

  // computed once: the request path asks for it on every call
  private final String lowercase = name().toLowerCase(Locale.ROOT);

  /** Returns the lowercase spelling used in {@code tools.yaml}. */
  public String yamlName() {
    return lowercase;
  }

  /** Parses the exact lowercase spelling used in {@code tools.yaml}. */
  public static Optional<Tier> fromYaml(String value) {
    return Arrays.stream(values()).filter(t -> t.yamlName().equals(value)).findFirst();
  }

  /** Lists the accepted spellings, for error messages. */
  static String expected() {
    return Arrays.stream(values()).map(Tier::yamlName).collect(Collectors.joining(", "));
  }
}
