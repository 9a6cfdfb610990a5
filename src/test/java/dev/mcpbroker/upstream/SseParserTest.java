package dev.mcpbroker.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  private final List<String> seen = new ArrayList<>();
  private final SseParser parser = new SseParser(new SseParser.Sink() {
    @Override
    public void onEvent(String type, byte[] data, int length) {
      seen.add(type + "=" + new String(data, 0, length, StandardCharsets.UTF_8));
    }

    @Override
    public void onEventId(String id) {
      seen.add("id=" + id);
    }

    @Override
    public void onRetry(long millis) {
      seen.add("retry=" + millis);
    }
  }, 64);

  private void feed(String... chunks) {
    for (String c : chunks) {
      parser.feed(ByteBuffer.wrap(c.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void multiLineData_isJoinedWithNewlines() {
    feed("data: {\"a\":\n", "data: 1}\n\n");
    assertThat(seen).containsExactly("message={\"a\":\n1}");
  }

  @Test
  void crlfSplitAcrossChunks_endsOneLineOnly() {
    feed("data: x\r", "\n\r\n", "data: y\r\r");
    assertThat(seen).containsExactly("message=x", "message=y");
  }

  @Test
  void primingEventWithEmptyData_keepsIdButIsNotDispatched() {
    feed("id: e1\nretry: 250\ndata:\n\n", ": keep-alive\n\n", "id: e2\ndata: z\n\n");
    assertThat(seen).containsExactly("id=e1", "retry=250", "id=e2", "message=z");
  }

  @Test
  void eventType_andMalformedRetry_followTheStandard() {
    feed("event: ping\nretry: 12x\ndata:no-space\n\n");
    assertThat(seen).containsExactly("ping=no-space");
  }

  @Test
  void oversizedEvent_isRejected() {
    assertThatThrownBy(() -> feed("data: " + "x".repeat(40) + "\n", "data: " + "y".repeat(40) + "\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("larger than 64 bytes");
  }

  @Test
  void endlessLine_isRejected() {
    assertThatThrownBy(() -> feed("data: " + "x".repeat(200)))
        .isInstanceOf(IllegalStateException.class);
  }
}
