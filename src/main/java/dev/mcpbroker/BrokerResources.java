package dev.mcpbroker;

import dev.mcpbroker.audit.AuditKeys;
import dev.mcpbroker.audit.AuditLog;
import dev.mcpbroker.config.AuditSettings;
import dev.mcpbroker.identity.CryptoProviders;
import dev.mcpbroker.identity.Revocations;
import dev.mcpbroker.metrics.BrokerMetrics;
import dev.mcpbroker.policy.Approval;
import dev.mcpbroker.policy.PolicyWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link Broker} builds and tears down around itself: the audit log, the pool that verifies
 * new session tokens, the policy watcher's close, and the approval outcomes it counts.
 */
final class BrokerResources {
  private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
  // one may wait on a slow issuer while the others check signatures of tokens with known keys
  static final int VERIFICATION_THREADS = 4;
  static final int VERIFICATION_QUEUE = 1024;

  /** The revocations file's name in the broker's state directory. */
  static final String REVOCATIONS_FILE = "revocations.jsonl";

  private BrokerResources() {}

  /**
   * Returns the pool that checks session tokens not verified before, off the event loops: the
   * check may fetch the issuer's keys and wait for them (seconds, when the issuer is slow). Small,
   * since a verified token is cached and later requests skip the pool; bounded, so that a flood
   * of fresh tokens is refused with 503 (and counted) instead of queueing without end.
   */
  static ThreadPoolExecutor verificationPool(BrokerMetrics metrics) {
    AtomicInteger threads = new AtomicInteger();
    return new ThreadPoolExecutor(VERIFICATION_THREADS, VERIFICATION_THREADS, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(VERIFICATION_QUEUE), r -> {
          Thread t = new Thread(r, "mcp-auth-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, (task, pool) -> {
          metrics.denied(BrokerMetrics.NO_TOOL, "verification_overloaded");
          throw new RejectedExecutionException("session token verifications: " + pool.getQueue().size()
              + " waiting (expected: <= " + VERIFICATION_QUEUE + ")");
        });
  }

  static String approvalOutcome(Approval.State state) {
    return switch (state) {
      case PENDING -> "requested";
      case APPROVED -> "approved";
      case REJECTED -> "rejected";
      case EXPIRED -> "expired";
      case USED -> "used"; // not an outcome of the request: not counted
    };
  }

  /** Opens (and recovers) the audit log; its public key is exported for {@code audit verify}. */
  static AuditLog openAudit(AuditSettings settings) {
    try {
      Files.createDirectories(settings.keyFile().toAbsolutePath().getParent());
      KeyPair key = AuditKeys.loadOrCreate(settings.keyFile());
      AuditKeys.exportPublicKey(key.getPublic(), settings.publicKeyFile());
      AuditLog log = AuditLog.open(settings.dir(), auditOptions(settings, key));
      LOG.info("audit log {} ({} entries; verify with: mcp-broker audit verify {} --key {})", settings.dir(),
          log.size(), settings.dir(), settings.publicKeyFile());
      return log;
    } catch (IOException e) {
      throw new UncheckedIOException("audit log " + settings.dir() + " cannot be opened", e);
    }
  }

  /**
   * Turns the audit settings of broker.yaml into the log's options: checkpoints and rotation, and
   * checkpoints signed on the tokens' native provider where it loaded.
   */
  static AuditLog.Options auditOptions(AuditSettings settings, KeyPair key) {
    return AuditLog.Options.defaults(key)
        .withCheckpoints(settings.checkpointEvery(), settings.checkpointInterval())
        .withRotation(settings.maxFileBytes(), settings.maxFileAge())
        .withSignatureProvider(CryptoProviders.provider().orElse(null));
  }

  /** Closes the policy watcher, if any, logging rather than throwing. */
  static void closeQuietly(PolicyWatcher w) {
    if (w != null) {
      try {
        w.close();
      } catch (IOException e) {
        LOG.warn("policy watcher did not close cleanly: {}", e.toString());
      }
    }
  }

  /**
   * Opens the revocation deny-lists, kept in {@code revocations.jsonl} in the broker's state
   * directory (where the audit signing key lives), so that a restart does not lift a kill switch.
   */
  static Revocations revocations(AuditSettings settings) {
    Path file = settings.keyFile().toAbsolutePath().getParent().resolve(REVOCATIONS_FILE);
    try {
      Revocations r = Revocations.persistent(file);
      LOG.info("revocations kept in {}", file);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("revocations file " + file + " cannot be read or created", e);
    }
  }
}
