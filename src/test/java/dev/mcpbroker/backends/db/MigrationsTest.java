package dev.mcpbroker.backends.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {

  @Test
  void listedFiles_areExactlyTheFilesInTheMigrationDirectory() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactlyElementsOf(Migrations.FILES);
    }
  }

  @Test
  void statements_areSplitAtLineEndingSemicolonsWithoutComments() {
    assertThat(Migrations.statements("-- note\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (\n y INT\n);\n"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (\n y INT\n)");
  }

  @Test
  void unterminatedStatement_isRejected() {
    assertThatIllegalStateException()
        .isThrownBy(() -> Migrations.statements("CREATE TABLE a (x INT)\n"))
        .withMessageContaining("without a final ';'");
  }
}
