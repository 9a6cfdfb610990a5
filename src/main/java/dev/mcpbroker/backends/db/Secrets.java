package dev.mcpbroker.backends.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a secret from the environment: {@code NAME} itself, or the file named by {@code NAME_FILE}
 * (the container-secrets convention). Secrets are read by the service that owns them and never
 * leave it.
 */
public final class Secrets {
  private Secrets() {}

  /** Returns {@code env[name]}, else the contents of {@code env[name + "_FILE"]} without the final newline. */
  public static Optional<String> read(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value != null) {
      return Optional.of(value);
    }
    String file = env.get(name + "_FILE");
    if (file == null) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      return Optional.of(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
    } catch (IOException e) {
      throw new UncheckedIOException(name + "_FILE: \"" + file + "\" (expected: a readable file)", e);
    }
  }
}
