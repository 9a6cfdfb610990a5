package dev.mcpbroker.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the complete lines of all segments in order, with one line of lookahead. A torn tail
 * of the last segment is a write in progress (or an unrecovered crash), not an entry; a torn
 * tail of an earlier segment is reported as an error.
 */
final class EntrySource implements Closeable {
  private final List<Path> segments;
  private int index = -1;
  private LineReader reader;
  private byte[] peeked;

  EntrySource(Path dir) throws IOException {
    this(Segments.list(dir));
  }

  /** Reads the given segments in order (the verifier passes them gaps and all, to locate a gap). */
  EntrySource(List<Path> segments) {
    this.segments = List.copyOf(segments);
  }

  byte[] next() throws IOException {
    byte[] line = peek();
    peeked = null;
    return line;
  }

  byte[] peek() throws IOException {
    while (peeked == null) {
      if (reader != null) {
        peeked = reader.next();
        if (peeked != null) {
          break;
        }
        if (reader.tornBytes() > 0 && index < segments.size() - 1) {
          throw new IOException(segments.get(index) + ": does not end with a newline, but is not "
              + "the last segment");
        }
        reader.close();
        reader = null;
      }
      if (index + 1 >= segments.size()) {
        return null;
      }
      reader = new LineReader(segments.get(++index));
    }
    return peeked;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
  }
}
