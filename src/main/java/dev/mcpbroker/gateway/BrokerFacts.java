package dev.mcpbroker.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.audit.AuditEvent;
import dev.mcpbroker.audit.AuditLog;
import dev.mcpbroker.catalog.Tier;
import dev.mcpbroker.catalog.ToolSpec;
import dev.mcpbroker.identity.ActionToken;
import dev.mcpbroker.identity.ActionTokenMinter;
import dev.mcpbroker.identity.Principal;
import dev.mcpbroker.json.CanonicalJson;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.policy.FactSource;
import dev.mcpbroker.policy.PrincipalView;
import dev.mcpbroker.protocol.McpVersions;
import dev.mcpbroker.upstream.LiveTools;
import dev.mcpbroker.upstream.UpstreamClient;
import dev.mcpbroker.upstream.UpstreamListener;
import dev.mcpbroker.upstream.UpstreamSession;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * Performs the policy's fact look-ups through the broker itself: the fact names a read-tier tool
 * of the catalog (verified against its pin, like any call), the arguments are checked against its
 * schema, and the call goes to its upstream with an action token the broker mints for the caller's
 * principal, so the backend scopes the answer exactly as it would for the caller. Look-ups share
 * one broker-owned upstream session per upstream, apart from every client's sessions.
 * Any failure completes exceptionally, which the engine turns into {@code fact_unavailable}.
 */
public final class BrokerFacts implements FactSource, AutoCloseable {
  private final LiveTools tools;
  private final Map<String, UpstreamClient> clients;
  private final ActionTokenMinter minter;
  private final Function<String, URI> audienceOfUpstream;
  private final Duration tokenTtl;
  private final AuditLog audit;
  private final Map<String, CompletableFuture<UpstreamSession>> sessions = new ConcurrentHashMap<>();

  public BrokerFacts(LiveTools tools, Map<String, UpstreamClient> clients, ActionTokenMinter minter,
      Function<String, URI> audienceOfUpstream, Duration tokenTtl, AuditLog audit) {
    this.audit = audit;
    this.tools = tools;
    this.clients = clients;
    this.minter = minter;
    this.audienceOfUpstream = audienceOfUpstream;
    this.tokenTtl = tokenTtl;
  }

  @Override
  public CompletableFuture<JsonNode> fetch(String tool, ObjectNode args, PrincipalView principal) {
    ToolSpec spec = tools.verified(tool).orElse(null);
    if (spec == null || spec.tier() != Tier.READ) {
      return failed("fact tool " + tool + ": " + (spec == null ? "not verified" : spec.tier()) + " (expected: a verified read tool)");
    }
    List<String> problems = spec.schema().validate(args);
    if (!problems.isEmpty()) {
      return failed("fact tool " + tool + ": " + String.join("; ", problems));
    }
    ActionToken token = minter.mint(asPrincipal(principal), audienceOfUpstream.apply(spec.upstream()),
        spec.upstreamTool(), args, tokenTtl);
    ObjectNode params = Json.NODES.objectNode().put("name", spec.upstreamTool());
    params.set("arguments", args.deepCopy());
    CompletableFuture<UpstreamSession> session = session(spec.upstream());
    long start = System.nanoTime();
    return session
        .thenCompose(s -> s.request("tools/call", params, UpstreamListener.IGNORE,
            Map.of("Authorization", "Bearer " + token.jwt())).response())
        .thenApply(response -> {
          JsonNode result = response.get("result");
          JsonNode value = result == null || result.path("isError").asBoolean(false) ? null : observed(result);
          if (value == null) {
            throw new CompletionException(new IllegalStateException("fact tool " + tool + " gave no usable result"));
          }
          return value;
        })
        .whenComplete((v, failure) -> {
          audited(principal, tool, args, token, failure == null ? "ok" : "fact_unavailable", start);
          if (failure != null) {
            sessions.remove(spec.upstream(), session); // the next look-up opens a fresh session
          }
        });
  }

  /** Records the broker's own call like any forwarded one: who it was for, which token, the outcome. */
  private void audited(PrincipalView p, String tool, ObjectNode args, ActionToken token, String outcome, long start) {
    try {
      audit.append(AuditEvent.builder(AuditEvent.Type.UPSTREAM_OUTCOME).principal(p.agent(), p.subject(), p.actors())
          .session(p.sessionId()).tool(tool).actionTokenId(token.jti())
          .upstream(outcome, (System.nanoTime() - start) / 1_000_000)
          .details(Json.NODES.objectNode().put("purpose", "policy_fact")
              .put("arguments_sha256", CanonicalJson.sha256Hex(args)))
          .build());
    } catch (RuntimeException e) {
      // a read for a decision; the decision itself is audited, and fails closed on its own
      LoggerFactory.getLogger(BrokerFacts.class).warn("fact look-up not audited: {}", e.toString());
    }
  }

  private CompletableFuture<UpstreamSession> session(String upstream) {
    return sessions.compute(upstream, (u, current) -> current != null && !current.isCompletedExceptionally()
        ? current : clients.get(u).open(McpVersions.LATEST, Json.NODES.objectNode()));
  }

  /** The caller as the action token names it; the token id is the broker's own, for this look-up. */
  private Principal asPrincipal(PrincipalView p) {
    return new Principal(p.agent(), p.subject(), p.actors(), p.scopes(), Map.of(),
        p.sessionId().isEmpty() ? "broker-facts" : p.sessionId(), "fact-" + UUID.randomUUID(),
        Instant.now().plus(tokenTtl));
  }

  /** The structured result, else the first text content parsed as JSON. */
  private static JsonNode observed(JsonNode result) {
    JsonNode structured = result.get("structuredContent");
    if (structured != null && structured.isObject()) {
      return structured;
    }
    for (JsonNode content : result.path("content")) {
      if ("text".equals(content.path("type").asText())) {
        try {
          JsonNode parsed = Json.MAPPER.readTree(content.path("text").asText());
          return parsed != null && parsed.isObject() ? parsed : null;
        } catch (java.io.IOException notJson) {
          return null;
        }
      }
    }
    return null;
  }

  private static CompletableFuture<JsonNode> failed(String message) {
    return CompletableFuture.failedFuture(new IllegalArgumentException(message));
  }

  @Override
  public void close() {
    sessions.values().forEach(f -> f.thenAccept(UpstreamSession::close));
    sessions.clear();
  }
}
