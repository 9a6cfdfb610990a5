package dev.mcpbroker.policy;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Declares one look-up the broker performs before deciding: call the read-only {@code tool} with
 * arguments computed by CEL over the call, and expose the result as {@code facts.<name>}.
 *
 * @param path where it sits in the file ({@code facts.order}), for error messages
 * @param args argument name to CEL expression over {@code principal}, {@code tool} and {@code args}
 * @param ttl how long a fetched value may be reused
 */
record FactSpec(String path, String name, String tool, Map<String, String> args, Duration ttl) {
  FactSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(ttl, "ttl");
    args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
  }
}
