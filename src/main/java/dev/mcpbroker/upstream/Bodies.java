package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.upstream.UpstreamException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Streamable HTTP response body as messages: one JSON message, or an SSE stream parsed as
 * it arrives. Error statuses and bodiless answers are discarded; the caller looks at the status.
 */
final class Bodies {
  private static final Logger log = LoggerFactory.getLogger(Bodies.class);

  private Bodies() {}

  /**
   * Reads the body of a 200 answer as JSON or SSE; {@code head} sees every response head first.
   * Other statuses and content types are discarded: the caller looks at the status.
   */
  static UpstreamHttp.ResponseHandler handler(
      String upstream, int maxBytes, Inbound in, Consumer<UpstreamHttp.Head> head) {
    return info -> {
      head.accept(info);
      if (info.status() != 200) {
        return null;
      }
      String type = info.header("Content-Type");
      type = type == null ? "" : type;
      int semi = type.indexOf(';');
      type = (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
      return switch (type) {
        case "text/event-stream" -> new Reader(upstream, maxBytes, in, true);
        case "application/json" -> new Reader(upstream, maxBytes, in, false);
        default -> null;
      };
    };
  }

  /** Whether a response head announces an SSE stream. */
  static boolean isSse(UpstreamHttp.Head head) {
    String type = head.header("Content-Type");
    return type != null && type.startsWith("text/event-stream");
  }

  /** Parses one message body (an object, or a batch array from a 2025-03-26 server). */
  static void dispatch(String upstream, byte[] bytes, int length, Inbound in) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes, 0, length);
    } catch (IOException e) {
      throw new UpstreamException(
          Kind.PROTOCOL, upstream, 0, "sent a message that is not valid JSON", e);
    }
    if (node instanceof ObjectNode m) {
      deliver(in, m);
    } else if (node != null && node.isArray() && node.size() > 0) {
      for (JsonNode n : node) {
        if (!(n instanceof ObjectNode m)) {
          throw UpstreamException.of(Kind.PROTOCOL, upstream, "sent a batch with a non-object");
        }
        deliver(in, m);
      }
    } else {
      throw UpstreamException.of(
          Kind.PROTOCOL, upstream, "sent a message that is not a JSON object");
    }
  }

  private static void deliver(Inbound in, ObjectNode m) {
    try {
      in.onMessage(m);
    } catch (RuntimeException e) {
      // A listener's bug must not tear down a stream that other messages still travel on.
      log.warn("listener failed on an upstream message", e);
    }
  }

  /**
   * Reads a JSON body (bounded) or an SSE stream (each event bounded) into messages. A body that
   * breaks the protocol fails the exchange (its connection closes), as a dropped stream does.
   */
  private static final class Reader implements UpstreamHttp.BodyReader, SseParser.Sink {
    private final String upstream;
    private final int maxBytes;
    private final Inbound in;
    private final SseParser sse;
    private byte[] json = new byte[0];
    private int jsonLength;

    Reader(String upstream, int maxBytes, Inbound in, boolean sse) {
      this.upstream = upstream;
      this.maxBytes = maxBytes;
      this.in = in;
      this.sse = sse ? new SseParser(this, maxBytes) : null;
    }

    @Override
    public void onData(ByteBuffer chunk) {
      try {
        if (sse != null) {
          sse.feed(chunk);
        } else {
          append(chunk);
        }
      } catch (IllegalStateException e) {
        throw UpstreamException.of(Kind.PROTOCOL, upstream, e.getMessage());
      }
    }

    private void append(ByteBuffer chunk) {
      int needed = jsonLength + chunk.remaining();
      if (needed > maxBytes) {
        throw UpstreamException.of(
            Kind.PROTOCOL,
            upstream,
            "sent a message larger than " + maxBytes + " bytes (expected: at most that)");
      }
      if (needed > json.length) {
        json = Arrays.copyOf(json, Math.max(needed, Math.min(maxBytes, json.length * 2 + 1024)));
      }
      chunk.get(json, jsonLength, chunk.remaining());
      jsonLength = needed;
    }

    @Override
    public void onEvent(String type, byte[] data, int length) {
      if ("message".equals(type)) { // MCP sends JSON-RPC only in "message" events
        dispatch(upstream, data, length, in);
      }
    }

    @Override
    public void onEventId(String id) {
      in.onEventId(id);
    }

    @Override
    public void onRetry(long millis) {
      in.onRetry(millis);
    }

    @Override
    public void onError(Throwable t) {
      // the exchange fails with t; its owner decides what that means
    }

    @Override
    public void onEnd() {
      if (sse == null && jsonLength > 0) {
        dispatch(upstream, json, jsonLength, in);
      }
    }
  }
}
