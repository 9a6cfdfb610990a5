package dev.mcpbroker.identity;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, as a verified session token says: the agent, the subject it acts for, and what
 * it may do.
 *
 * @param agent the agent's own identity: {@code act.sub} (RFC 8693 §4.1) or else {@code client_id}
 * @param subject the human or system the agent acts for ({@code sub})
 * @param actorHistory earlier actors from nested {@code act} claims, nearest first; audit only,
 *     never used to grant anything (RFC 8693 §4.1: only the outermost actor is current)
 * @param scopes from {@code scope} (space-separated) or {@code scp} (array)
 * @param entitlements the configured entitlements claim, an immutable JSON-like object
 * @param sessionId the {@code sid} claim
 * @param tokenId the {@code jti} claim
 * @param expiresAt the {@code exp} claim
 */
public record Principal(
    String agent,
    String subject,
    List<String> actorHistory,
    Set<String> scopes,
    Map<String, Object> entitlements,
    String sessionId,
    String tokenId,
    Instant expiresAt) {

  public Principal {
    requireText("agent", agent);
    requireText("subject", subject);
    requireText("sessionId", sessionId);
    requireText("tokenId", tokenId);
    Objects.requireNonNull(expiresAt, "expiresAt");
    actorHistory = actorHistory == null ? List.of() : List.copyOf(actorHistory);
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    entitlements = entitlements == null ? Map.of() : immutableMap(entitlements);
  }

  /** Returns whether every one of {@code required} is among this principal's scopes. */
  public boolean hasScopes(Collection<String> required) {
    return scopes.containsAll(required);
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: non-blank)");
    }
  }

  // Deep copy; JSON null is a legal value, which Map.copyOf would refuse.
  private static Map<String, Object> immutableMap(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(String.valueOf(k), immutable(v)));
    return Collections.unmodifiableMap(copy);
  }

  private static Object immutable(Object value) {
    if (value instanceof Map<?, ?> m) {
      return immutableMap(m);
    }
    if (value instanceof Collection<?> c) {
      return Collections.unmodifiableList(c.stream().map(Principal::immutable).toList());
    }
    return value;
  }
}
