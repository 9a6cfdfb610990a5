package dev.mcpbroker.audit;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A {@link SegmentFile} that passes every call to a real one; tests override what they disturb. */
class ForwardingSegmentFile implements SegmentFile {
  final SegmentFile real;

  ForwardingSegmentFile(SegmentFile real) {
    this.real = real;
  }

  @Override
  public void write(ByteBuffer bytes) throws IOException {
    real.write(bytes);
  }

  @Override
  public void force() throws IOException {
    real.force();
  }

  @Override
  public long size() throws IOException {
    return real.size();
  }

  @Override
  public void truncate(long size) throws IOException {
    real.truncate(size);
  }

  @Override
  public void close() throws IOException {
    real.close();
  }
}
