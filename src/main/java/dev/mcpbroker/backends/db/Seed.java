package dev.mcpbroker.backends.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Inserts a named data set once: {@link Database#open} applies it in the same transaction that
 * records its name in {@code seeds}, so a restart never applies it again.
 */
public interface Seed {

  /** Applies nothing. */
  Seed NONE =
      new Seed() {
        @Override
        public String name() {
          return "none";
        }

        @Override
        public void apply(Connection connection) {}
      };

  /** Names the data set, e.g. {@code demo}; at most 64 characters. */
  String name();

  /** Inserts the data set on {@code connection}, inside the caller's transaction. */
  void apply(Connection connection) throws SQLException;
}
