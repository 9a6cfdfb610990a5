package dev.mcpbroker.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the complete, newline-terminated lines of a file as bytes (without the newline). Bytes
 * after the last newline are a torn write, not a line: {@link #tornBytes()} counts them.
 */
final class LineReader implements Closeable {
  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private byte[] line = new byte[1024];
  private long completeBytes;
  private long tornBytes;

  LineReader(Path file) throws IOException {
    this.in = Files.newInputStream(file);
  }

  /** Returns the next complete line, or null at the end. */
  byte[] next() throws IOException {
    int len = 0;
    while (true) {
      if (pos == limit) {
        limit = in.read(buf);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          tornBytes = len;
          return null;
        }
      }
      int start = pos;
      while (pos < limit && buf[pos] != '\n') {
        pos++;
      }
      int n = pos - start;
      if (len + n > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, len + n));
      }
      System.arraycopy(buf, start, line, len, n);
      len += n;
      if (pos < limit) {
        pos++; // the newline
        completeBytes += len + 1;
        return Arrays.copyOf(line, len);
      }
    }
  }

  /** Returns the length of the file up to and including the last newline read so far. */
  long completeBytes() {
    return completeBytes;
  }

  /** After {@link #next()} returned null: the number of bytes after the last newline. */
  long tornBytes() {
    return tornBytes;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
