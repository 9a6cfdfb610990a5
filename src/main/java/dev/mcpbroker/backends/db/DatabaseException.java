package dev.mcpbroker.backends.db;

import java.sql.SQLException;

/** Reports a database failure (an outage or a bug, never a rejected request) unchecked. */
public final class DatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Wraps {@code cause}, saying what was being done. */
  public DatabaseException(String doing, SQLException cause) {
    super(doing + ": " + cause.getMessage(), cause);
  }

  /** Returns the SQLSTATE of the cause, e.g. {@code 23505} for a unique violation. */
  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }
}
