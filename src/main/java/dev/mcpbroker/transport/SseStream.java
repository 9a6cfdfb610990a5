package dev.mcpbroker.transport;

import dev.mcpbroker.json.Json;
import dev.mcpbroker.protocol.MessageStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes SSE events on one HTTP response. Each event carries an id, so that a client may
 * reconnect with {@code Last-Event-ID}; the first event is the priming event (an id and empty
 * data) with a {@code retry} hint, as MCP 2025-11-25 basic/transports asks.
 */
final class SseStream implements MessageStream {
  private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);
  private static final AtomicLong STREAMS = new AtomicLong();

  private final Channel channel;
  private final boolean keepAlive;
  private final String streamId = Long.toString(STREAMS.incrementAndGet(), 36);
  private final List<Runnable> onClose = new ArrayList<>();
  private long nextEvent;
  private boolean closed;

  SseStream(Channel channel, boolean keepAlive, long retryMillis) {
    this.channel = channel;
    this.keepAlive = keepAlive;
    channel.closeFuture().addListener(f -> ended());
    write("id: " + eventId() + "\nretry: " + retryMillis + "\ndata: \n\n");
  }

  @Override
  public synchronized void send(Object message) {
    if (closed) {
      return;
    }
    ByteBuf buf = channel.alloc().buffer();
    try (var out = new ByteBufOutputStream(buf)) {
      out.write(("id: " + eventId() + "\nevent: message\ndata: ").getBytes(StandardCharsets.US_ASCII));
      Json.MAPPER.writeValue((java.io.OutputStream) out, message);
      out.write('\n');
      out.write('\n');
    } catch (IOException e) {
      buf.release();
      LOG.warn("could not serialize a message for stream {}", streamId, e);
      return;
    }
    channel.writeAndFlush(new DefaultHttpContent(buf));
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    var last = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    if (!keepAlive) {
      last.addListener(ChannelFutureListener.CLOSE);
    }
    runOnClose();
  }

  @Override
  public synchronized boolean isOpen() {
    return !closed && channel.isActive();
  }

  @Override
  public void onClose(Runnable action) {
    synchronized (this) {
      if (!closed) {
        onClose.add(action);
        return;
      }
    }
    action.run();
  }

  private void ended() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    runOnClose();
  }

  private void runOnClose() {
    List<Runnable> actions;
    synchronized (this) {
      actions = List.copyOf(onClose);
      onClose.clear();
    }
    actions.forEach(Runnable::run);
  }

  private String eventId() {
    return streamId + "-" + nextEvent++;
  }

  private void write(String text) {
    channel.writeAndFlush(new DefaultHttpContent(
        channel.alloc().buffer().writeBytes(text.getBytes(StandardCharsets.UTF_8))));
  }
}
