package dev.mcpbroker.identity;

import static dev.mcpbroker.identity.CompactJws.quote;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Deny-lists of agent ids, session ids ({@code sid}) and token ids ({@code jti}), consulted on every
 * verification, cached tokens included, so a revocation takes effect on the very next request.
 *
 * <p>Thread-safe. Entries are kept until the process ends; token ids could be forgotten once the
 * token has expired, which is left to the admin API that will edit this list.
 */
public final class Revocations {
  private final Set<String> agents = ConcurrentHashMap.newKeySet();
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();

  /** Calls {@code listener} with the kind ({@code agent}, {@code session}, {@code token}) and id of each new revocation. */
  public void onRevoke(BiConsumer<String, String> listener) {
    listeners.add(listener);
  }

  /** Refuses every token whose agent ({@code act.sub} or {@code client_id}) is {@code agent}. */
  public void revokeAgent(String agent) {
    if (agents.add(requireText("agent", agent))) {
      listeners.forEach(l -> l.accept("agent", agent));
    }
  }

  /** Refuses every token carrying {@code sid} = {@code sessionId}. */
  public void revokeSession(String sessionId) {
    if (sessions.add(requireText("sessionId", sessionId))) {
      listeners.forEach(l -> l.accept("session", sessionId));
    }
  }

  /** Refuses the token whose {@code jti} is {@code tokenId}. */
  public void revokeToken(String tokenId) {
    if (tokens.add(requireText("tokenId", tokenId))) {
      listeners.forEach(l -> l.accept("token", tokenId));
    }
  }

  /** Returns whether the principal's agent, session or token is revoked. */
  public boolean isRevoked(Principal principal) {
    return whyRevoked(principal) != null;
  }

  /** Names what is revoked, or null if nothing is. */
  String whyRevoked(Principal p) {
    if (tokens.contains(p.tokenId())) {
      return "jti: " + quote(p.tokenId()) + " (revoked)";
    }
    if (sessions.contains(p.sessionId())) {
      return "sid: " + quote(p.sessionId()) + " (revoked)";
    }
    if (agents.contains(p.agent())) {
      return "agent: " + quote(p.agent()) + " (revoked)";
    }
    return null;
  }

  private static String requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: non-blank)");
    }
    return value;
  }
}
