package dev.mcpbroker.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Answers "what did this agent touch, and when": streams the entries matching a filter. */
public final class AuditQuery {
  private AuditQuery() {}

  /**
   * Selects entries; a null field matches anything. {@code since} is inclusive, {@code until}
   * exclusive; {@code decision} is a wire name such as {@code deny}.
   */
  public record Filter(String agent, String subject, String tool, String decision, Instant since,
      Instant until) {
    /** Matches every entry. */
    public static final Filter ALL = new Filter(null, null, null, null, null, null);

    public Filter {
      if (since != null && until != null && !since.isBefore(until)) {
        throw new IllegalArgumentException(
            "since: " + since + " (expected: before until " + until + ")");
      }
    }

    /** True if the entry matches every set field. */
    public boolean matches(JsonNode entry) {
      JsonNode p = entry.path("principal");
      if (!eq(agent, p.path("agent")) || !eq(subject, p.path("subject"))
          || !eq(tool, entry.path("tool")) || !eq(decision, entry.path("decision"))) {
        return false;
      }
      if (since == null && until == null) {
        return true;
      }
      Instant t = Instant.parse(entry.path("time").asText());
      return (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until));
    }

    private static boolean eq(String wanted, JsonNode actual) {
      return wanted == null || (actual.isTextual() && wanted.equals(actual.asText()));
    }
  }

  /**
   * Streams the matching entries in seq order, reading lazily; close the stream. Lines that are
   * not JSON are skipped here: {@link AuditVerifier} is the tool that reports them.
   */
  public static Stream<JsonNode> run(Path dir, Filter filter) throws IOException {
    EntrySource src = new EntrySource(dir);
    Spliterator<JsonNode> entries =
        new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
          @Override
          public boolean tryAdvance(Consumer<? super JsonNode> action) {
            try {
              for (byte[] line; (line = src.next()) != null; ) {
                JsonNode e = parse(line);
                if (e != null && filter.matches(e)) {
                  action.accept(e);
                  return true;
                }
              }
              return false;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    return StreamSupport.stream(entries, false).onClose(() -> {
      try {
        src.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static JsonNode parse(byte[] line) {
    try {
      JsonNode n = Json.MAPPER.readTree(line);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }
}
