package dev.mcpbroker.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The few file operations the writer needs, so a test can inject a disk that fails.
 * {@link #open(Path)} is the real one: a {@link FileChannel} opened for append.
 */
interface SegmentFile extends AutoCloseable {

  /** Opens a file for appending; a test substitutes one that fails. */
  @FunctionalInterface
  interface Opener {
    SegmentFile open(Path file) throws IOException;
  }

  void write(ByteBuffer bytes) throws IOException;

  /** Forces written bytes to the device ({@code fdatasync}). */
  void force() throws IOException;

  long size() throws IOException;

  void truncate(long size) throws IOException;

  @Override
  void close() throws IOException;

  static SegmentFile open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    return new SegmentFile() {
      @Override
      public void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
      }

      @Override
      public void force() throws IOException {
        ch.force(false);
      }

      @Override
      public long size() throws IOException {
        return ch.size();
      }

      @Override
      public void truncate(long size) throws IOException {
        ch.truncate(size);
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }
}
