package dev.mcpbroker.backends.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Opens a backend database: migrates its schema, applies a seed once, and hands out connections
 * (pooled for H2, where reopening a file database per call would be slow; straight from the driver
 * otherwise). Thread-safe; close it once, after the servers using it.
 */
public final class Database implements AutoCloseable {
  /** SQLSTATE of a unique or primary-key violation, in H2 and PostgreSQL alike. */
  public static final String UNIQUE_VIOLATION = "23505";

  private final DatabaseConfig config;
  private final JdbcConnectionPool pool;
  private final List<Integer> migratedNow;

  private Database(DatabaseConfig config, JdbcConnectionPool pool, List<Integer> migratedNow) {
    this.config = config;
    this.pool = pool;
    this.migratedNow = migratedNow;
  }

  /** Opens {@code config}'s database, applies pending migrations, then {@code seed} if new. */
  public static Database open(DatabaseConfig config, Seed seed) {
    JdbcConnectionPool pool = null;
    if (config.isH2()) {
      pool = JdbcConnectionPool.create(config.url(), config.user(), config.password());
      pool.setMaxConnections(64); // twenty concurrent refunds, each on its own connection
    }
    Database db = new Database(config, pool, List.of());
    try (Connection c = db.connect()) {
      Migrations.lock(c); // backends starting together on one database migrate one at a time
      try {
        List<Integer> now = Migrations.apply(c);
        db = new Database(config, pool, List.copyOf(now));
        seedOnce(c, seed);
      } finally {
        Migrations.unlock(c);
      }
      return db;
    } catch (SQLException e) {
      db.close();
      throw new DatabaseException("opening " + config, e);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static void seedOnce(Connection c, Seed seed) throws SQLException {
    if (seed == Seed.NONE) {
      return;
    }
    c.setAutoCommit(false);
    try (PreparedStatement mark =
        c.prepareStatement("INSERT INTO seeds (name, applied_at) VALUES (?, ?)")) {
      mark.setString(1, seed.name());
      mark.setObject(2, OffsetDateTime.now());
      mark.executeUpdate(); // a second start fails here: already seeded
      seed.apply(c);
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Returns a new connection in auto-commit mode; the caller closes it. */
  public Connection connect() throws SQLException {
    return pool != null
        ? pool.getConnection()
        : DriverManager.getConnection(config.url(), config.user(), config.password());
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  public <T> T inTransaction(String doing, SqlWork<T> work) {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseException(doing, e);
    }
  }

  /** Returns the versions this {@link #open} applied, empty when the schema was current. */
  public List<Integer> migratedNow() {
    return migratedNow;
  }

  /** Returns the configuration, password redacted in its {@code toString}. */
  public DatabaseConfig config() {
    return config;
  }

  /** Closes pooled connections; an in-memory H2 database is dropped. */
  @Override
  public void close() {
    if (pool == null) {
      return;
    }
    if (config.url().startsWith("jdbc:h2:mem:")) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        // already gone: nothing to drop
      }
    }
    pool.dispose();
  }

  /** Does database work on a connection the caller provides. */
  @FunctionalInterface
  public interface SqlWork<T> {
    /** Does the work; throwing rolls the transaction back. */
    T run(Connection connection) throws SQLException;
  }
}
