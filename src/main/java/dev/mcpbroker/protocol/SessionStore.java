package dev.mcpbroker.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.identity.Principal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the live MCP sessions. Ids are 128 random bits from {@link SecureRandom}, base64url: they
 * are bearer secrets until authentication binds sessions to principals, so they must not be
 * guessable (MCP basic/transports: the session id SHOULD be cryptographically secure). A sweeper
 * ends sessions idle for longer than the configured timeout.
 */
public final class SessionStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

  private final SecureRandom random = new SecureRandom();
  private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
  private final long idleNanos;
  private final ScheduledExecutorService sweeper;

  public SessionStore(Duration idleTimeout) {
    this.idleNanos = idleTimeout.toNanos();
    this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "session-sweeper");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, Math.min(idleTimeout.toMillis() / 4, 30_000));
    sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  ClientSession create(String version, ObjectNode capabilities, JsonNode clientInfo, Principal principal) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ClientSession session = new ClientSession(id, version, capabilities, clientInfo, principal);
    sessions.put(id, session);
    return session;
  }

  /** Returns the live session with {@code id}, or null (unknown or ended). */
  ClientSession get(String id) {
    return sessions.get(id);
  }

  /** Ends the session; false when it did not exist. */
  boolean end(String id) {
    ClientSession session = sessions.remove(id);
    if (session == null) {
      return false;
    }
    session.close();
    return true;
  }

  /** Runs {@code action} for every live session (for broadcasts such as list changes). */
  public void forEach(java.util.function.Consumer<ClientSession> action) {
    sessions.values().forEach(action);
  }

  /**
   * Ends every live session {@code which} selects (its listening stream closes, its upstream
   * sessions end); returns how many were ended. The kill switch uses it after a revocation.
   */
  public int endWhere(java.util.function.Predicate<ClientSession> which) {
    int ended = 0;
    for (ClientSession s : sessions.values()) {
      if (which.test(s) && sessions.remove(s.id(), s)) {
        s.close();
        ended++;
      }
    }
    return ended;
  }

  /** Returns how many sessions are live. */
  public int size() {
    return sessions.size();
  }

  private void sweep() {
    long now = System.nanoTime();
    for (ClientSession s : sessions.values()) {
      // removed before closing, so that nobody finds a session whose hooks have run
      if (now - s.lastActiveNanos() >= idleNanos && !s.isListening() && sessions.remove(s.id(), s)) {
        LOG.debug("session {} idle, ending it", s.id());
        try {
          s.close();
        } catch (RuntimeException e) {
          LOG.warn("closing idle session {} failed", s.id(), e);
        }
      }
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    sessions.values().forEach(ClientSession::close);
    sessions.clear();
  }
}
