package dev.mcpbroker.backends.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the SQL files under {@code db/migration/} in version order, each once, recording each in
 * {@code schema_version} in the same transaction as its statements.
 *
 * <p>Design note: the files are listed here rather than discovered, because a class-path directory
 * cannot be listed portably inside a shaded jar; a test checks the list against the directory.
 * Statements are split at a semicolon that ends a line, so the files hold no semicolons in
 * literals. On PostgreSQL a failing migration rolls back whole; H2 commits each DDL statement, so
 * there a failure midway leaves the statements before it (and no version row).
 */
final class Migrations {
  private Migrations() {}

  /** The migration files in the order they apply; append only, never edit an applied one. */
  static final List<String> FILES = List.of("V1__orders.sql", "V2__ledger.sql", "V3__tickets.sql");

  private static final Pattern NAME = Pattern.compile("V([0-9]+)__([a-z0-9_]+)\\.sql");

  /** The PostgreSQL advisory lock that serializes migrations and seeding ("mcpb" in ASCII). */
  static final long LOCK_KEY = 0x6d637062L;

  /**
   * Waits until no other process migrates this database. On PostgreSQL, a session-level advisory
   * lock: even {@code CREATE TABLE IF NOT EXISTS} fails when two sessions run it at once. An H2
   * file database is open in one process only, so there is nothing to wait for.
   */
  static void lock(Connection c) throws SQLException {
    if (isPostgres(c)) {
      try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
        s.setLong(1, LOCK_KEY);
        s.execute();
      }
    }
  }

  /** Releases {@link #lock}; closing the connection would release it too. */
  static void unlock(Connection c) throws SQLException {
    if (isPostgres(c)) {
      try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        s.setLong(1, LOCK_KEY);
        s.execute();
      }
    }
  }

  private static boolean isPostgres(Connection c) throws SQLException {
    return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
  }

  /** Applies the migrations not yet recorded; returns the versions applied now. */
  static List<Integer> apply(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY,"
              + " description VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }
    Set<Integer> done = applied(c);
    List<Integer> now = new ArrayList<>();
    int expected = 1;
    for (String file : FILES) {
      Matcher m = NAME.matcher(file);
      if (!m.matches() || Integer.parseInt(m.group(1)) != expected++) {
        throw new IllegalStateException("migration: \"" + file + "\" (expected: V" + (expected - 1) + "__name.sql)");
      }
      int version = Integer.parseInt(m.group(1));
      if (!done.contains(version)) {
        applyOne(c, version, m.group(2), read(file));
        now.add(version);
      }
    }
    return now;
  }

  private static void applyOne(Connection c, int version, String description, String sql)
      throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement();
        PreparedStatement record =
            c.prepareStatement(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
      for (String statement : statements(sql)) {
        s.execute(statement);
      }
      record.setInt(1, version);
      record.setString(2, description);
      record.setObject(3, OffsetDateTime.now());
      record.executeUpdate();
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static Set<Integer> applied(Connection c) throws SQLException {
    Set<Integer> versions = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT version FROM schema_version")) {
      while (r.next()) {
        versions.add(r.getInt(1));
      }
    }
    return versions;
  }

  /** Splits a file into statements, dropping {@code --} comment lines. */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        out.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException("migration: statement without a final ';': " + current);
    }
    return out;
  }

  private static String read(String file) {
    String path = "/db/migration/" + file;
    try (InputStream in = Migrations.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("migration: " + path + " (expected: on the class path)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(path, e);
    }
  }
}
