package dev.mcpbroker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layering of CONVENTIONS.md: only the transport layer imports Netty, so policy,
 * identity, catalog and the protocol stay plain Java that tests drive without sockets; and every
 * package says what it owns in a package-info.java.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/dev/mcpbroker");

  @Test
  void onlyTransportImportsNetty() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.startsWith(MAIN.resolve("transport")))
          .filter(ArchitectureTest::importsNetty)
          .map(Path::toString)
          .toList();
    }
    assertThat(offenders).as("files outside transport/ importing io.netty").isEmpty();
  }

  @Test
  void everyPackageDescribesItself() throws IOException {
    List<String> missing;
    try (Stream<Path> dirs = Files.walk(MAIN)) {
      missing = dirs.filter(Files::isDirectory)
          .filter(d -> !d.equals(MAIN))
          .filter(ArchitectureTest::hasJava)
          .filter(d -> !Files.exists(d.resolve("package-info.java")))
          .map(Path::toString)
          .toList();
    }
    assertThat(missing).as("packages without package-info.java").isEmpty();
  }

  private static boolean importsNetty(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.anyMatch(l -> l.startsWith("import io.netty.") || l.startsWith("import static io.netty."));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean hasJava(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(p -> p.toString().endsWith(".java"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
