package dev.mcpbroker.catalog;

import java.util.Objects;

/**
 * Allows one upstream prompt through the broker by its exact name.
 *
 * @param upstream the upstream that serves the prompt
 * @param name the prompt's name, the same upstream and downstream
 */
public record PromptRule(String upstream, String name) {
  public PromptRule {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name: \"\" (expected: a prompt name)");
    }
  }
}
