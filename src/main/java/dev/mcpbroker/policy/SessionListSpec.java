package dev.mcpbroker.policy;

import java.util.Objects;

/**
 * Declares a list derived from this session's earlier allowed calls of {@code tool}, exposed as
 * {@code session.<name>}: {@code value} is CEL over {@code call} ({@code tool}, {@code args},
 * {@code decision}, {@code result}), e.g. the ids of the orders this session looked up.
 */
record SessionListSpec(String path, String name, String tool, String value) {
  SessionListSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(value, "value");
  }
}
