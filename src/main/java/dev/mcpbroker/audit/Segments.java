package dev.mcpbroker.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    List<Path> files = listAll(dir);
    List<String> problems = numbering(dir, files);
    if (!problems.isEmpty()) {
      throw new IOException(dir + ": " + problems.get(0));
    }
    return files;
  }

  /** Returns the segment files of {@code dir} in order, gaps in the numbering and all. */
  static List<Path> listAll(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .sorted((a, b) -> Long.compare(index(a), index(b)))
          .toList();
    }
  }

  /** Names what is wrong with the numbering 1..last of {@code files}: a missing or doubled segment. */
  static List<String> numbering(Path dir, List<Path> files) {
    List<String> problems = new ArrayList<>();
    long expected = 1;
    for (Path f : files) {
      if (index(f) < expected) {
        problems.add("segment " + f.getFileName() + " repeats number " + index(f));
        continue;
      }
      for (; expected < index(f); expected++) {
        problems.add("segment " + path(dir, expected).getFileName() + " is missing");
      }
      expected = index(f) + 1;
    }
    return problems;
  }
}
