package dev.mcpbroker.catalog;

import java.util.Objects;

/**
 * Allows upstream resources through the broker by URI glob: {@code *} matches any run of characters
 * (including none and including {@code /}); every other character matches itself. The glob is
 * matched against concrete resource URIs and against URI-template strings alike.
 *
 * @param upstream the upstream that serves the resources
 * @param uriGlob the glob, e.g. {@code orders://*}
 */
public record ResourceRule(String upstream, String uriGlob) {
  public ResourceRule {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(uriGlob, "uriGlob");
    if (uriGlob.isEmpty()) {
      throw new IllegalArgumentException("uri: \"\" (expected: a URI glob)");
    }
  }

  /** Tells whether {@code uriOrTemplate} matches the whole glob. */
  public boolean matches(String uriOrTemplate) {
    return uriOrTemplate != null && globMatches(uriGlob, uriOrTemplate);
  }

  // Iterative wildcard match with backtracking to the last star only: O(n*m) worst case, no
  // regex, so an attacker-chosen URI cannot trigger catastrophic backtracking.
  static boolean globMatches(String glob, String text) {
    int g = 0;
    int t = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (g < glob.length() && glob.charAt(g) == '*') {
        star = g++;
        resume = t;
      } else if (g < glob.length() && glob.charAt(g) == text.charAt(t)) {
        g++;
        t++;
      } else if (star >= 0) {
        g = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      g++;
    }
    return g == glob.length();
  }
}
