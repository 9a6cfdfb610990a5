package dev.mcpbroker.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Says where the tamper-evident audit log lives and how often it is checkpointed.
 *
 * @param dir the directory of the log's JSON-lines files and checkpoints
 * @param keyFile the Ed25519 checkpoint signing key (created on first start, 0600); separate from
 *     every token key
 * @param checkpointEvery a signed checkpoint after this many entries
 * @param checkpointInterval ... or after this long, when entries were added
 * @param maxFileBytes a new log file once the current one holds this many bytes ...
 * @param maxFileAge ... or once its first entry is this old (the chain and the tree continue)
 */
public record AuditSettings(Path dir, Path keyFile, long checkpointEvery, Duration checkpointInterval,
    long maxFileBytes, Duration maxFileAge) {
  /** The rotation defaults: 64 MiB or 24 hours. */
  public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;
  public static final Duration DEFAULT_MAX_FILE_AGE = Duration.ofHours(24);

  public AuditSettings {
    dir = dir == null ? Path.of(".mcp-broker", "audit") : dir;
    keyFile = keyFile == null ? Path.of(".mcp-broker", "audit-signing-key.pem") : keyFile;
    if (checkpointEvery <= 0) {
      checkpointEvery = 1000;
    }
    checkpointInterval = checkpointInterval == null ? Duration.ofSeconds(10) : checkpointInterval;
    if (maxFileBytes <= 0) {
      maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    }
    maxFileAge = maxFileAge == null ? DEFAULT_MAX_FILE_AGE : maxFileAge;
  }

  /** Settings with the default rotation. */
  public AuditSettings(Path dir, Path keyFile, long checkpointEvery, Duration checkpointInterval) {
    this(dir, keyFile, checkpointEvery, checkpointInterval, 0, null);
  }

  /** Returns where the public key for {@code mcp-broker audit verify --key} is written. */
  public Path publicKeyFile() {
    return keyFile.resolveSibling("audit-public-key.pem");
  }

  /** Defaults under {@code base}: {@code base/audit} and the key beside it. */
  public static AuditSettings under(Path base) {
    return new AuditSettings(base.resolve("audit"), base.resolve("audit-signing-key.pem"), 0, null);
  }
}
