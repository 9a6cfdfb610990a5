package dev.mcpbroker.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human durations used in the YAML files: {@code 500ms}, {@code 2s}, {@code 10m}, {@code 1h}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

  /** What a duration looks like, for error messages. */
  public static final String EXPECTED = "a positive duration like 500ms, 2s, 10m or 1h";

  private Durations() {}

  /**
   * Parses {@code text}, naming {@code field} in the error.
   *
   * @throws IllegalArgumentException with a message such as {@code callTimeout: "10" (expected: a
   *     positive duration like 500ms, 2s, 10m or 1h)}
   */
  public static Duration parse(String field, String text) {
    Matcher m = text == null ? null : FORM.matcher(text.trim());
    if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(field + ": \"" + text + "\" (expected: " + EXPECTED + ")");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
