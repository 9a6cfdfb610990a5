package dev.mcpbroker.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.identity.SigningKeys;
import dev.mcpbroker.policy.Approvals;
import dev.mcpbroker.policy.PolicyWatcher;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the admin API may do to a running broker; the broker implements it. */
public interface BrokerOperations {

  /** One declared tool as operators see it. */
  record ToolView(String name, String upstream, String tier, String state, boolean enabled) {}

  /** The policy in force. */
  record PolicyView(String version, Instant loadedAt, int tests) {}

  /** The reasons the broker should not get traffic now; empty when it should. */
  List<String> notReadyReasons();

  /** The metrics in the Prometheus text format. */
  String scrape();

  /**
   * What a revocation did.
   *
   * @param sessionsEnded how many live MCP sessions it ended
   * @param notKept null when the revocation is on disk; else why it is in force only until the
   *     broker restarts
   */
  record Revoked(int sessionsEnded, String notKept) {}

  /**
   * Revokes the {@code kind} ({@code agent}, {@code session}, {@code token}) with {@code id}: from
   * the next request on, the principal is refused; its live MCP sessions (and their open streams)
   * are ended, even when the revocation could not be written to disk.
   */
  Revoked revoke(String kind, String id);

  /** Every declared tool, in catalog order. */
  List<ToolView> tools();

  /** Enables or disables {@code tool}; empty when the catalog declares no such tool, else whether it changed. */
  Optional<Boolean> setEnabled(String tool, boolean enabled);

  /** The approvals a human decides. */
  Approvals approvals();

  /** {@code args} of {@code tool} with the catalog's sensitive fields replaced by digests. */
  JsonNode redacted(String tool, ObjectNode args);

  /** Reloads the configuration now (as a change on disk would) and tells the outcome. */
  PolicyWatcher.Outcome reload();

  /** The policy in force. */
  PolicyView policy();

  /**
   * Rotates the action-token signing keys: the published next key starts signing and the current
   * one stays published until the tokens it signed have expired.
   */
  SigningKeys.Rotation rotateActionKeys();
}
