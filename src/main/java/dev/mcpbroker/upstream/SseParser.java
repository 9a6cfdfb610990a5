package dev.mcpbroker.upstream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses a {@code text/event-stream} incrementally, chunk by chunk as bytes arrive, following the
 * WHATWG HTML "event stream interpretation" (https://html.spec.whatwg.org/#event-stream-interpretation).
 *
 * <p>Data stays in bytes so that Jackson parses each message exactly once, straight from the
 * buffer. Lines may end in CRLF, LF or CR, and a CRLF may be split across two chunks. An event
 * with no data is not dispatched: MCP 2025-11-25 servers send such "priming" events only to hand
 * out an event id for resumption (SEP-1699), and the id is kept all the same.
 */
final class SseParser {

  /** Receives parsed events and stream parameters. */
  interface Sink {
    /** A complete event with non-empty data; {@code data} is only valid during the call. */
    void onEvent(String type, byte[] data, int length);

    /** The last event id changed (an {@code id:} line). */
    void onEventId(String id);

    /** The server asked for this reconnection delay (a {@code retry:} line). */
    void onRetry(long millis);
  }

  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private final Sink sink;
  private final int maxEventBytes;
  private byte[] line = new byte[256];
  private int lineLength;
  private byte[] data = new byte[1024];
  private int dataLength;
  private boolean hasData;
  private String eventType;
  private boolean skipLf;

  SseParser(Sink sink, int maxEventBytes) {
    this.sink = sink;
    this.maxEventBytes = maxEventBytes;
  }

  /** Consumes a chunk; throws {@link IllegalStateException} when an event grows past the cap. */
  void feed(ByteBuffer chunk) {
    while (chunk.hasRemaining()) {
      byte b = chunk.get();
      if (skipLf) {
        skipLf = false;
        if (b == LF) {
          continue;
        }
      }
      if (b == CR) {
        skipLf = true;
        endOfLine();
      } else if (b == LF) {
        endOfLine();
      } else {
        if (lineLength == line.length) {
          line = Arrays.copyOf(line, grow(line.length, lineLength + 1));
        } else if (lineLength > maxEventBytes + 16) {
          grow(line.length, lineLength + 1); // throws: the line alone is over the cap
        }
        line[lineLength++] = b;
      }
    }
  }

  private void endOfLine() {
    int length = lineLength;
    lineLength = 0;
    if (length == 0) {
      dispatch();
      return;
    }
    if (line[0] == ':') {
      return; // a comment, often a keep-alive
    }
    int colon = indexOf(line, length, (byte) ':');
    String field = new String(line, 0, colon < 0 ? length : colon, StandardCharsets.UTF_8);
    int from = colon < 0 ? length : colon + 1;
    if (from < length && line[from] == ' ') {
      from++;
    }
    switch (field) {
      case "data" -> appendData(from, length);
      case "id" -> {
        String id = new String(line, from, length - from, StandardCharsets.UTF_8);
        if (id.indexOf('\0') < 0) {
          sink.onEventId(id);
        }
      }
      case "event" -> eventType = new String(line, from, length - from, StandardCharsets.UTF_8);
      case "retry" -> retry(from, length);
      default -> {} // unknown fields are ignored, as the standard requires
    }
  }

  private void appendData(int from, int to) {
    int needed = dataLength + (hasData ? 1 : 0) + (to - from);
    if (needed > maxEventBytes) {
      throw new IllegalStateException(
          "sent an SSE event larger than " + maxEventBytes + " bytes (expected: at most that)");
    }
    if (needed > data.length) {
      data = Arrays.copyOf(data, grow(data.length, needed));
    }
    if (hasData) {
      data[dataLength++] = LF;
    }
    System.arraycopy(line, from, data, dataLength, to - from);
    dataLength += to - from;
    hasData = true;
  }

  private void retry(int from, int to) {
    if (from == to || to - from > 9) {
      return;
    }
    long millis = 0;
    for (int i = from; i < to; i++) {
      if (line[i] < '0' || line[i] > '9') {
        return; // not all digits: ignored
      }
      millis = millis * 10 + (line[i] - '0');
    }
    sink.onRetry(millis);
  }

  private void dispatch() {
    String type = eventType == null || eventType.isEmpty() ? "message" : eventType;
    boolean any = hasData && dataLength > 0;
    eventType = null;
    hasData = false;
    int length = dataLength;
    dataLength = 0;
    if (any) {
      sink.onEvent(type, data, length);
    }
  }

  private int grow(int current, int needed) {
    if (needed > maxEventBytes + 16) {
      throw new IllegalStateException(
          "sent an SSE line longer than " + maxEventBytes + " bytes (expected: at most that)");
    }
    return Math.max(needed, Math.min(current * 2, maxEventBytes + 16));
  }

  private static int indexOf(byte[] bytes, int length, byte b) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
