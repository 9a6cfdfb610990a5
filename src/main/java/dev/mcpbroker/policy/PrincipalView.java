package dev.mcpbroker.policy;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Names who is calling, as policy sees it: the agent, the person it acts for, the earlier actors
 * (history only, never a grant), the granted scopes and the session.
 */
public record PrincipalView(
    String agent, String subject, List<String> actors, Set<String> scopes, String sessionId) {
  public PrincipalView {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(subject, "subject");
    actors = actors == null ? List.of() : List.copyOf(actors);
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    sessionId = sessionId == null ? "" : sessionId;
    if (agent.isEmpty() || subject.isEmpty()) {
      throw new IllegalArgumentException(
          "principal: agent \"" + agent + "\", subject \"" + subject + "\" (expected: both non-empty)");
    }
  }

  /** The scopes in order (what the {@code principal.scopes} list of a condition holds). */
  List<String> sortedScopes() {
    if (scopes.isEmpty()) {
      return List.of();
    }
    List<String> sorted = new java.util.ArrayList<>(scopes);
    java.util.Collections.sort(sorted);
    return sorted;
  }

  /** A principal with no actor history or scopes. */
  public static PrincipalView of(String agent, String subject, String sessionId) {
    return new PrincipalView(agent, subject, List.of(), Set.of(), sessionId);
  }
}
