package dev.mcpbroker.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Splits a command line into positional words and {@code --name value} options, rejecting unknown options. */
public record Args(List<String> words, Map<String, String> options) {

  /** Parses {@code argv}; every option must be in {@code known} and take a value. */
  public static Args parse(String[] argv, Set<String> known) {
    List<String> words = new ArrayList<>();
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) {
        words.add(a);
        continue;
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!known.contains(name)) {
        throw new UsageException("--" + name + ": unknown option (expected one of: --" + String.join(", --", known) + ")");
      }
      if (value == null) {
        if (i + 1 >= argv.length) {
          throw new UsageException("--" + name + ": missing value");
        }
        value = argv[++i];
      }
      options.put(name, value);
    }
    return new Args(List.copyOf(words), Map.copyOf(options));
  }

  /** Returns the option's value or {@code fallback}. */
  public String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  /** Returns the option as a port number, or {@code fallback}. */
  public int port(String name, int fallback) {
    String v = options.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(v);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--" + name + ": " + v + " (expected: a port 0..65535)");
  }

  /** Signals a command line the program cannot run; printed with the usage, exit code 2. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message, null, false, false);
    }
  }
}
