package dev.mcpbroker.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kill switch's deny-lists, and that a restart (a second {@link Revocations#persistent}) keeps them. */
class RevocationsTest {
  @TempDir Path dir;

  private static Principal principal(String agent, String sid, String jti) {
    return new Principal(agent, "customer-1", List.of(), Set.of(), Map.of(), sid, jti, Instant.now().plusSeconds(60));
  }

  @Test
  void everyKindOfRevocation_survivesARestart() throws Exception {
    Path file = dir.resolve("state/revocations.jsonl");
    Revocations first = Revocations.persistent(file);
    first.revokeAgent("rogue-agent");
    first.revokeSession("sid-7");
    first.revokeToken("jti-9");
    first.revokeAgent("rogue-agent"); // again: no second line

    Revocations restarted = Revocations.persistent(file);

    assertThat(restarted.isRevoked(principal("rogue-agent", "sid-1", "jti-1"))).isTrue();
    assertThat(restarted.isRevoked(principal("good-agent", "sid-7", "jti-1"))).isTrue();
    assertThat(restarted.isRevoked(principal("good-agent", "sid-1", "jti-9"))).isTrue();
    assertThat(restarted.isRevoked(principal("good-agent", "sid-1", "jti-1"))).isFalse();
    assertThat(Files.readAllLines(file)).hasSize(3);
  }

  @Test
  void aTornLastLine_wasNeverAcknowledged_andIsDropped() throws Exception {
    Path file = dir.resolve("revocations.jsonl");
    Files.writeString(file, "{\"kind\":\"agent\",\"id\":\"a\"}\n{\"kind\":\"agent\",\"id\":\"b");

    Revocations r = Revocations.persistent(file);
    r.revokeAgent("c");

    assertThat(r.isRevoked(principal("a", "s", "j"))).isTrue();
    assertThat(r.isRevoked(principal("b", "s", "j"))).isFalse();
    assertThat(Files.readString(file)).isEqualTo("{\"kind\":\"agent\",\"id\":\"a\"}\n{\"kind\":\"agent\",\"id\":\"c\"}\n");
    assertThat(Revocations.persistent(file).isRevoked(principal("c", "s", "j"))).isTrue();
  }

  @Test
  void aLineThatIsNotARevocation_failsTheStart_namingFileAndLine() throws Exception {
    Path file = dir.resolve("revocations.jsonl");
    Files.writeString(file, "{\"kind\":\"agent\",\"id\":\"a\"}\n{\"kind\":\"tenant\",\"id\":\"b\"}\n");
    assertThatThrownBy(() -> Revocations.persistent(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ":2: kind: \"tenant\" (expected: agent, session or token)");
    Files.writeString(file, "not json\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Revocations.persistent(file)).hasMessageStartingWith(file + ":1: malformed JSON");
    Files.writeString(file, "{\"kind\":\"token\"}\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Revocations.persistent(file)).hasMessageStartingWith(file + ":1: id: missing");
  }

  @Test
  void aDiskThatRefusesTheWrite_stillRevokesAtOnce_andSaysARestartWouldLiftIt() throws Exception {
    Path file = dir.resolve("revocations.jsonl");
    Revocations r = Revocations.persistent(file);
    Files.createDirectory(file); // a write there fails for every user, root included
    List<String> heard = new java.util.ArrayList<>();
    r.onRevoke((kind, id) -> heard.add(kind + ":" + id));

    assertThatThrownBy(() -> r.revokeAgent("rogue-agent"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("agent \"rogue-agent\" is revoked until the broker restarts");
    assertThat(r.isRevoked(principal("rogue-agent", "s", "j"))).isTrue();
    assertThat(heard).containsExactly("agent:rogue-agent");
  }
}
