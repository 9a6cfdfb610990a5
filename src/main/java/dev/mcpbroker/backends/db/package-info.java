/**
 * The reference backends' database: opening a JDBC URL (H2 in file mode by default), applying the
 * versioned SQL migrations under {@code db/migration/} once each, and applying a seed once.
 *
 * <p>Owns: {@link dev.mcpbroker.backends.db.Database}, its configuration and the schema's history
 * table {@code schema_version}. May depend on JDBC and H2 only; the backends depend on it, never
 * the other way round (a backend hands its seed in as a {@link dev.mcpbroker.backends.db.Seed}).
 */
package dev.mcpbroker.backends.db;
