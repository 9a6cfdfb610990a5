package dev.mcpbroker.identity;

import static dev.mcpbroker.identity.CompactJws.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Deny-lists of agent ids, session ids ({@code sid}) and token ids ({@code jti}), consulted on every
 * verification, cached tokens included, so a revocation takes effect on the very next request.
 *
 * <p>A kill switch that a restart undoes is no kill switch: {@link #persistent(Path)} keeps the
 * lists in a JSON-lines file, each revocation appended and fsync'ed, and read back at start. A
 * revocation takes effect in memory first, so a disk that refuses the write never delays it; the
 * caller then learns that it will not survive a restart.
 *
 * <p>Thread-safe. Entries are kept for good; token ids could be forgotten once the token has
 * expired, but they are few and the file stays small.
 */
public final class Revocations {
  private final Set<String> agents = ConcurrentHashMap.newKeySet();
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();
  private final Path file;

  /** Deny-lists kept in memory only (tests, tools). */
  public Revocations() {
    this.file = null;
  }

  private Revocations(Path file) {
    this.file = file;
  }

  /**
   * Deny-lists kept in {@code file}: what it holds is revoked now, and every new revocation is
   * appended to it durably. A last line cut short by a crash was never acknowledged and is dropped.
   *
   * @throws IOException if the file cannot be read or created
   * @throws IllegalArgumentException naming the line, if a line is not a revocation
   */
  public static Revocations persistent(Path file) throws IOException {
    Revocations r = new Revocations(file);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    if (Files.exists(file)) {
      byte[] bytes = Files.readAllBytes(file);
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') {
        end--; // a torn last line: its append never returned
      }
      if (end < bytes.length) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.truncate(end);
          ch.force(true);
        }
      }
      String[] lines = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].isBlank()) {
          r.load(file, i + 1, lines[i]);
        }
      }
    }
    return r;
  }

  private void load(Path from, int line, String text) {
    String kind;
    String id;
    try {
      JsonNode n = Json.MAPPER.readTree(text);
      kind = n.path("kind").asText("");
      id = n.path("id").asText("");
    } catch (IOException e) {
      throw new IllegalArgumentException(from + ":" + line + ": malformed JSON (expected: {\"kind\":...,\"id\":...})");
    }
    Set<String> set = switch (kind) {
      case "agent" -> agents;
      case "session" -> sessions;
      case "token" -> tokens;
      default -> throw new IllegalArgumentException(from + ":" + line + ": kind: " + quote(kind)
          + " (expected: agent, session or token)");
    };
    if (id.isBlank()) {
      throw new IllegalArgumentException(from + ":" + line + ": id: missing (expected: a non-blank id)");
    }
    set.add(id);
  }

  /** Calls {@code listener} with the kind ({@code agent}, {@code session}, {@code token}) and id of each new revocation. */
  public void onRevoke(BiConsumer<String, String> listener) {
    listeners.add(listener);
  }

  /**
   * Refuses every token whose agent ({@code act.sub} or {@code client_id}) is {@code agent}.
   *
   * @throws UncheckedIOException if the revocation is in force but could not be kept on disk
   */
  public void revokeAgent(String agent) {
    revoke("agent", agents, requireText("agent", agent));
  }

  /** Refuses every token carrying {@code sid} = {@code sessionId}; throws as {@link #revokeAgent}. */
  public void revokeSession(String sessionId) {
    revoke("session", sessions, requireText("sessionId", sessionId));
  }

  /** Refuses the token whose {@code jti} is {@code tokenId}; throws as {@link #revokeAgent}. */
  public void revokeToken(String tokenId) {
    revoke("token", tokens, requireText("tokenId", tokenId));
  }

  private void revoke(String kind, Set<String> set, String id) {
    if (set.add(id)) {
      listeners.forEach(l -> l.accept(kind, id));
      if (file != null) {
        keep(kind, id);
      }
    }
  }

  private synchronized void keep(String kind, String id) {
    ObjectNode line = Json.NODES.objectNode().put("kind", kind).put("id", id);
    byte[] bytes = (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(kind + " " + quote(id) + " is revoked until the broker restarts, but "
          + file + " could not be written, so a restart would lift it", e);
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
