package dev.mcpbroker.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.CanonicalJson;
import dev.mcpbroker.json.Json;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Describes one thing the broker did, as a caller hands it to {@link AuditLog#append}; the log
 * adds {@code seq}, {@code time} and {@code prev}. Every field but {@code type} may be null and
 * is then omitted from the entry. Build one with {@link #builder(Type)}.
 */
public record AuditEvent(
    Type type,
    Principal principal,
    String session,
    String tool,
    JsonNode arguments,
    Decision decision,
    String reason,
    List<String> ruleIds,
    String policyVersion,
    String actionTokenId,
    String upstreamOutcome,
    Long latencyMs,
    JsonNode details) {

  /** Names the kind of event. */
  public enum Type {
    DECISION, UPSTREAM_OUTCOME, POLICY_RELOAD, REVOCATION, ADMIN_ACTION, APPROVAL_REQUESTED,
    APPROVAL_DECIDED;

    private final String wire = name().toLowerCase(Locale.ROOT); // once, not per entry

    /** Returns the name used in the log, e.g. {@code upstream_outcome}. */
    public String wire() {
      return wire;
    }
  }

  /** Names the policy engine's verdict. */
  public enum Decision {
    ALLOW, DENY, REWRITE, HELD;

    private final String wire = name().toLowerCase(Locale.ROOT); // once, not per entry

    /** Returns the name used in the log, e.g. {@code allow}. */
    public String wire() {
      return wire;
    }
  }

  /** Identifies who acted: the agent, the end user it acts for, and the delegation chain. */
  public record Principal(String agent, String subject, List<String> actorHistory) {
    public Principal {
      actorHistory = actorHistory == null ? null : List.copyOf(actorHistory);
    }
  }

  public AuditEvent {
    Objects.requireNonNull(type, "type");
    if (type == Type.DECISION && decision == null) {
      throw new IllegalArgumentException("decision: null (expected: a decision for type decision)");
    }
    if (latencyMs != null && latencyMs < 0) {
      throw new IllegalArgumentException("latencyMs: " + latencyMs + " (expected: >= 0)");
    }
    if (details != null && !details.isObject()) {
      throw new IllegalArgumentException("details: " + details.getNodeType() + " (expected: object)");
    }
    ruleIds = ruleIds == null ? null : List.copyOf(ruleIds);
    // JsonNode is mutable: keep a private copy so the entry is what the caller saw at append time
    arguments = arguments == null ? null : arguments.deepCopy();
    details = details == null ? null : details.deepCopy();
  }

  /** Starts an event of the given type. */
  public static Builder builder(Type type) {
    return new Builder(type);
  }

  /**
   * Returns {@code arguments} with each top-level member named in {@code sensitive} replaced by
   * {@code {"sha256": hex}} of its RFC 8785 form: the log proves what was sent without keeping it.
   */
  public static JsonNode digestSensitive(JsonNode arguments, Set<String> sensitive) {
    if (arguments == null || !arguments.isObject() || sensitive.isEmpty()) {
      return arguments;
    }
    ObjectNode copy = arguments.deepCopy();
    for (String name : sensitive) {
      JsonNode value = copy.get(name);
      if (value != null) {
        copy.set(name, Json.NODES.objectNode().put("sha256", sha256Hex(value)));
      }
    }
    return copy;
  }

  /**
   * Hex SHA-256 of the RFC 8785 form of any value. The canonicalizer accepts only an object or
   * an array at top level, so a scalar is canonicalized as {@code [v]} and the brackets removed
   * (an array element's canonical form is the value's own).
   */
  static String sha256Hex(JsonNode value) {
    if (value.isContainerNode()) {
      return CanonicalJson.sha256Hex(value);
    }
    byte[] wrapped = CanonicalJson.canonicalize(Json.NODES.arrayNode().add(value));
    MessageDigest md = MerkleTree.sha256();
    md.update(wrapped, 1, wrapped.length - 2);
    return EntryCodec.HEX.formatHex(md.digest());
  }

  /** Builds an {@link AuditEvent}; unset fields stay null and are omitted from the entry. */
  public static final class Builder {
    private final Type type;
    private Principal principal;
    private String session;
    private String tool;
    private JsonNode arguments;
    private Decision decision;
    private String reason;
    private List<String> ruleIds;
    private String policyVersion;
    private String actionTokenId;
    private String upstreamOutcome;
    private Long latencyMs;
    private JsonNode details;

    private Builder(Type type) {
      this.type = type;
    }

    public Builder principal(String agent, String subject, List<String> actorHistory) {
      this.principal = new Principal(agent, subject, actorHistory);
      return this;
    }

    public Builder session(String session) {
      this.session = session;
      return this;
    }

    public Builder tool(String tool) {
      this.tool = tool;
      return this;
    }

    /** Sets the final (rewritten) arguments, digesting the top-level names in {@code sensitive}. */
    public Builder arguments(JsonNode arguments, Set<String> sensitive) {
      this.arguments = digestSensitive(arguments, sensitive);
      return this;
    }

    public Builder decision(Decision decision, String reason, List<String> ruleIds) {
      this.decision = decision;
      this.reason = reason;
      this.ruleIds = ruleIds;
      return this;
    }

    public Builder policyVersion(String policyVersion) {
      this.policyVersion = policyVersion;
      return this;
    }

    public Builder actionTokenId(String actionTokenId) {
      this.actionTokenId = actionTokenId;
      return this;
    }

    public Builder upstream(String outcome, long latencyMs) {
      this.upstreamOutcome = outcome;
      this.latencyMs = latencyMs;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder details(JsonNode details) {
      this.details = details;
      return this;
    }

    public AuditEvent build() {
      return new AuditEvent(type, principal, session, tool, arguments, decision, reason, ruleIds,
          policyVersion, actionTokenId, upstreamOutcome, latencyMs, details);
    }
  }
}
