package dev.mcpbroker.backends.db;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Says which database a backend uses and how it logs in. {@link #toString} leaves the password
 * out, so the config can be logged.
 *
 * @param url any JDBC URL; H2 ({@code jdbc:h2:}) is on the class path, other drivers may be added
 * @param user the database user
 * @param password the database password, the backend's own secret
 */
public record DatabaseConfig(String url, String user, String password) {

  // WRITE_DELAY=0: H2 otherwise flushes commits up to 500 ms later, and a kill -9 in that window
  // loses a committed refund (checked by hand: 5 committed rows, halt, 0 rows after reopening).
  // LOCK_TIMEOUT: twenty refunds queue on one order row; waiting beats failing.
  private static final String H2_SETTINGS = ";WRITE_DELAY=0;LOCK_TIMEOUT=10000";

  public DatabaseConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (!url.startsWith("jdbc:")) {
      throw new IllegalArgumentException("url: \"" + url + "\" (expected: a jdbc: URL)");
    }
  }

  /** Returns an H2 database in the file {@code dir/backends.mv.db}, durable at each commit. */
  public static DatabaseConfig h2File(Path dir) {
    return new DatabaseConfig(
        "jdbc:h2:file:" + dir.toAbsolutePath().resolve("backends") + H2_SETTINGS, "sa", "");
  }

  /** Returns a fresh, private in-memory H2 database that lives until {@link Database#close}. */
  public static DatabaseConfig h2Memory() {
    return new DatabaseConfig(
        "jdbc:h2:mem:backends-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + H2_SETTINGS, "sa", "");
  }

  /**
   * Reads {@code <prefix>DB_URL}, {@code <prefix>DB_USER} and {@code <prefix>DB_PASSWORD} (or
   * {@code <prefix>DB_PASSWORD_FILE}) from {@code env}; without a URL, an H2 file in {@code dir}.
   */
  public static DatabaseConfig fromEnv(Map<String, String> env, String prefix, Path dir) {
    String url = env.get(prefix + "DB_URL");
    if (url == null) {
      return h2File(dir);
    }
    return new DatabaseConfig(
        url,
        env.getOrDefault(prefix + "DB_USER", "sa"),
        Secrets.read(env, prefix + "DB_PASSWORD").orElse(""));
  }

  /** Tells whether this is an H2 database. */
  public boolean isH2() {
    return url.startsWith("jdbc:h2:");
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url=" + url + ", user=" + user + ", password=***]";
  }
}
