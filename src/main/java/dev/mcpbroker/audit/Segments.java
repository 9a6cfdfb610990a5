package dev.mcpbroker.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Names and lists the log's files: {@code audit-000001.jsonl}, … and {@code checkpoints.jsonl}. */
final class Segments {
  static final String CHECKPOINTS = "checkpoints.jsonl";
  private static final Pattern NAME = Pattern.compile("audit-(\\d{6,})\\.jsonl");

  private Segments() {}

  static Path path(Path dir, long index) {
    return dir.resolve(String.format("audit-%06d.jsonl", index));
  }

  static long index(Path segment) {
    Matcher m = NAME.matcher(segment.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a segment name: " + segment.getFileName());
    }
    return Long.parseLong(m.group(1));
  }

  /** Returns the segment files of {@code dir} in order; throws if the numbering has a gap. */
  static List<Path> list(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .sorted((a, b) -> Long.compare(index(a), index(b)))
          .toList();
    }
    for (int i = 0; i < files.size(); i++) {
      if (index(files.get(i)) != i + 1) {
        throw new IOException(dir + ": segment " + Segments.path(dir, i + 1).getFileName()
            + " is missing (found " + files.get(i).getFileName() + ")");
      }
    }
    return files;
  }
}
