package dev.mcpbroker.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.identity.Principal;
import dev.mcpbroker.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Session ids are unguessable and unique; idle sessions end and run their close hooks. */
class SessionStoreTest {
  static final Principal PRINCIPAL = new Principal("agent-1", "customer-1", List.of(), Set.of(), Map.of(),
      "sid-1", "jti-1", Instant.now().plusSeconds(600));

  @Test
  void ids_areUniqueAnd128BitBase64Url() {
    try (SessionStore store = new SessionStore(Duration.ofMinutes(5))) {
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < 10_000; i++) {
        ids.add(store.create("2025-11-25", Json.NODES.objectNode(), null, PRINCIPAL).id());
      }
      assertThat(ids).hasSize(10_000).allMatch(id -> id.matches("[A-Za-z0-9_-]{22}"));
    }
  }

  @Test
  void idleSession_isEnded_andItsHooksRun() throws Exception {
    try (SessionStore store = new SessionStore(Duration.ofMillis(200))) {
      ClientSession session = store.create("2025-11-25", Json.NODES.objectNode(), null, PRINCIPAL);
      CountDownLatch closed = new CountDownLatch(1);
      session.onClose(closed::countDown);
      assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(store.get(session.id())).isNull();
      assertThat(session.isClosed()).isTrue();
    }
  }

  @Test
  void endedSession_cannotBeFoundOrEndedAgain() {
    try (SessionStore store = new SessionStore(Duration.ofMinutes(5))) {
      ClientSession session = store.create("2025-11-25", Json.NODES.objectNode(), null, PRINCIPAL);
      assertThat(store.end(session.id())).isTrue();
      assertThat(store.end(session.id())).isFalse();
      assertThat(store.get(session.id())).isNull();
    }
  }
}
