package dev.mcpbroker.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.protocol.JsonRpc;
import dev.mcpbroker.protocol.RpcException;
import dev.mcpbroker.upstream.LiveTools;
import dev.mcpbroker.upstream.UpstreamException;
import dev.mcpbroker.audit.AuditLog;
import dev.mcpbroker.catalog.Tier;
import dev.mcpbroker.identity.ActionTokenMinter;
import dev.mcpbroker.metrics.BrokerMetrics;
import dev.mcpbroker.policy.PolicyEngine;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a {@code tools/call} through the broker's chain. The whole chain is wired here, in order:
 *
 * <pre>
 *   (authenticate        done per HTTP request before the chain: the principal is in the request)
 *   resolve tool        tools.yaml + live pin check: unknown or withheld -> JSON-RPC -32602;
 *                       disabled by an operator -> tool error tool_disabled
 *   validate arguments  the catalog's schema, unknown fields rejected -> tool error
 *   decide              the policy engine (facts fetched first when the rules read any): deny ->
 *                       tool error with the rule's reason code; held -> "awaits approval", not
 *                       forwarded; allow -> go on with the final (possibly rewritten) arguments
 *   mint                action token: aud = the upstream, digest of the final arguments, single use
 *   audit               the decision, durably (group commit), before anything leaves the broker;
 *                       denials too; a state-changing call is refused if it cannot be recorded
 *   forward             the tool's upstream, in this client's upstream session, with a deadline,
 *                       carrying the action token in place of any client credential
 *   result              the upstream's result or error, passed back as received (and audited);
 *                       the call joins the session's history, with its result for a read tool
 *   metrics             every outcome above is counted (decision, denial reason, upstream outcome)
 *                       and the whole call timed per tool
 * </pre>
 *
 * Result filtering joins this chain in its own stage when it is built.
 */
public final class ToolCallPipeline {
  /** Where a denial's stable reason code is put in the result's {@code _meta}. */
  public static final String REASON_META = "dev.mcpbroker/reason";

  /** Where a held call's approval id is put in the result's {@code _meta}. */
  public static final String APPROVAL_META = "dev.mcpbroker/approval";

  private final List<Stage> checks;
  private final DecidePolicy decide;
  private final Stage mint;
  private final LiveTools tools;
  private final CallAudit audit;
  private final Supplier<Executor> afterAudit;
  private final BrokerMetrics metrics;
  private final PolicyEngine policy;

  /**
   * Wires the chain. {@code afterAudit} is asked, on the thread that decided a call, where that
   * call's forward runs once its decision is durable: the audit log completes its futures on its
   * single writer thread, which must do nothing else, and the broker answers with the event loop
   * of the client's connection, so that the forward and the answer need no further hand-off.
   */
  public ToolCallPipeline(LiveTools tools, ActionTokenMinter minter, Function<String, URI> audienceOfUpstream,
      Duration actionTokenTtl, PolicyEngine policy, Clock clock, AuditLog auditLog, Supplier<Executor> afterAudit,
      BrokerMetrics metrics, ToolSwitch toolSwitch) {
    this.checks = List.of(
        new ResolveTool(tools, toolSwitch),
        new ValidateArguments());
    this.decide = new DecidePolicy(policy, clock);
    this.policy = policy;
    this.mint = new MintActionToken(minter, audienceOfUpstream, actionTokenTtl);
    this.tools = tools;
    this.audit = new CallAudit(auditLog);
    this.afterAudit = afterAudit;
    this.metrics = metrics;
  }

  /** Runs the chain; the future yields the {@code result} for the client or fails with {@link RpcException}. */
  public CompletableFuture<JsonNode> call(ToolCallRequest request, Forwarder forwarder) {
    long start = System.nanoTime();
    CompletableFuture<JsonNode> answer = run(request, forwarder);
    answer.whenComplete((result, failure) -> metrics.call(request.name(), System.nanoTime() - start));
    return answer;
  }

  private CompletableFuture<JsonNode> run(ToolCallRequest request, Forwarder forwarder) {
    CallContext context = CallContext.of(request);
    for (Stage stage : checks) {
      StageOutcome outcome = stage.apply(context);
      if (!(outcome instanceof StageOutcome.Continue next)) {
        return stop(context, outcome);
      }
      context = next.context();
    }
    CallContext checked = context;
    return decide.apply(checked).thenCompose(decided -> {
      if (!(decided instanceof StageOutcome.Continue next)) {
        return stop(checked, decided);
      }
      StageOutcome minted = mint.apply(next.context());
      if (!(minted instanceof StageOutcome.Continue ready)) {
        return stop(next.context(), minted);
      }
      return auditAndForward(ready.context(), forwarder);
    });
  }

  /** Ends the chain early: a refusal, a held call, or an answer given without the upstream. */
  private CompletableFuture<JsonNode> stop(CallContext context, StageOutcome outcome) {
    if (outcome instanceof StageOutcome.Deny deny) {
      audit.denied(context, deny);
      metrics.denied(context.request().name(), deny.code());
      return deniedResult(deny);
    }
    if (outcome instanceof StageOutcome.Held held) {
      audit.held(context, held);
      metrics.decided(context.tool().name(), "held");
      return CompletableFuture.completedFuture(heldResult(context.tool().name(), held.approvalId(),
          hasOutputSchema(context.tool().name())));
    }
    return CompletableFuture.completedFuture(((StageOutcome.Respond) outcome).result());
  }

  private CompletableFuture<JsonNode> auditAndForward(CallContext allowed, Forwarder forwarder) {
    metrics.decided(allowed.tool().name(), allowed.rewritten() ? "rewrite" : "allow");
    // audit: an allowed call leaves the broker only once its decision entry is durable; if it
    // cannot be written, a call that changes state is refused (fail closed), a read goes on
    Executor next = afterAudit.get();
    return audit.allowed(allowed).handle((seq, failure) -> failure).thenComposeAsync(failure -> {
      if (failure != null && allowed.tool().tier() != Tier.READ) {
        StageOutcome.Deny deny = new StageOutcome.Deny(DenyReason.AUDIT_UNAVAILABLE,
            "tool " + allowed.tool().name() + " was not called: the broker cannot record the decision right now");
        metrics.denied(allowed.tool().name(), deny.code());
        policy.refundBudgets(allowed.decision()); // never sent: nothing was spent
        return deniedResult(deny);
      }
      return forward(allowed, forwarder);
    }, next);
  }

  private CompletableFuture<JsonNode> forward(CallContext context, Forwarder forwarder) {
    long start = System.nanoTime();
    ObjectNode params = Json.NODES.objectNode();
    params.put("name", context.tool().upstreamTool());
    params.set("arguments", context.arguments());
    if (context.request().meta() != null) {
      params.set("_meta", context.request().meta());
    }
    Map<String, String> headers = Map.of("Authorization", "Bearer " + context.actionToken().jwt());
    return forwarder.forward(context.tool(), params, headers).handle((response, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        if (cause instanceof UpstreamException u) {
          metrics.upstreamCall(context.tool().upstream(), u.kind() == UpstreamException.Kind.TIMEOUT ? "timeout"
              : u.kind() == UpstreamException.Kind.PROTOCOL ? "protocol" : "unavailable", System.nanoTime() - start);
          remember(context, null);
          audit.outcome(context, u.kind().name().toLowerCase(), elapsedMs(start));
          return toolError(u.kind() == UpstreamException.Kind.TIMEOUT ? DenyReason.UPSTREAM_TIMEOUT
              : u.kind() == UpstreamException.Kind.PROTOCOL ? DenyReason.UPSTREAM_ERROR
              : DenyReason.UPSTREAM_UNAVAILABLE, "tool " + context.tool().name() + " failed: " + u.getMessage());
        }
        metrics.upstreamCall(context.tool().upstream(), "unavailable", System.nanoTime() - start);
        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
      }
      JsonNode error = response.get("error");
      String outcome = error != null ? "rpc_error"
          : response.path("result").path("isError").asBoolean(false) ? "tool_error" : "ok";
      metrics.upstreamCall(context.tool().upstream(),
          error == null && !response.path("result").isObject() ? "protocol" : outcome, System.nanoTime() - start);
      audit.outcome(context, outcome, elapsedMs(start));
      if (error != null || "tool_error".equals(outcome)) {
        // the upstream refused or failed the call: what it would have spent from a budget was not
        // spent (a timeout or a broken connection is different: the call may have happened)
        policy.refundBudgets(context.decision());
      }
      if (error != null) {
        throw RpcException.fromUpstream(error);
      }
      JsonNode result = response.get("result");
      if (result == null || !result.isObject()) {
        remember(context, null);
        return toolError(DenyReason.UPSTREAM_ERROR, "tool " + context.tool().name() + " failed: the upstream sent no result");
      }
      remember(context, result);
      return result;
    });
  }

  /** Adds a forwarded call to its session's history; only a read tool's result is kept. */
  private static void remember(CallContext context, JsonNode result) {
    context.request().history().record(context.tool().name(), context.arguments(),
        context.tool().tier() == Tier.READ ? SessionHistory.observed(result) : null);
  }

  private boolean hasOutputSchema(String tool) {
    return tools.statuses().stream().anyMatch(s -> s.spec().name().equals(tool)
        && s.definition() != null && s.definition().hasNonNull("outputSchema"));
  }

  /**
   * Returns the answer to a held call: not an error (nothing went wrong; a human decides), with
   * the approval id as text and, when the tool declares no output schema that it would violate,
   * as {@code structuredContent}.
   */
  static ObjectNode heldResult(String tool, String approvalId, boolean toolHasOutputSchema) {
    ObjectNode result = Json.NODES.objectNode();
    result.putArray("content").addObject().put("type", "text").put("text", "tool " + tool
        + " was not called yet: the call awaits human approval (approval id " + approvalId
        + "); once approved, repeat the identical call");
    if (!toolHasOutputSchema) {
      result.putObject("structuredContent").put("status", "awaiting_approval").put("approval_id", approvalId);
    }
    result.put("isError", false);
    result.putObject("_meta").put(APPROVAL_META, approvalId).put(REASON_META, "approval_required");
    return result;
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static RuntimeException denied(StageOutcome.Deny deny) {
    return new RpcException(JsonRpc.INVALID_PARAMS, deny.message());
  }

  private static CompletableFuture<JsonNode> deniedResult(StageOutcome.Deny deny) {
    if (deny.reason() == DenyReason.UNKNOWN_TOOL) {
      // MCP server/tools: an unknown tool is a protocol error (-32602)
      return CompletableFuture.failedFuture(denied(deny));
    }
    // MCP 2025-11-25 server/tools: input validation errors are tool execution errors, so the model can correct itself
    return CompletableFuture.completedFuture(toolError(deny.code(), deny.message()));
  }

  /** Returns a tool result with {@code isError: true}, the message as text and the reason code in {@code _meta}. */
  static ObjectNode toolError(DenyReason reason, String message) {
    return toolError(reason.code(), message);
  }

  static ObjectNode toolError(String code, String message) {
    ObjectNode result = Json.NODES.objectNode();
    result.putArray("content").addObject().put("type", "text").put("text", message);
    result.put("isError", true);
    result.putObject("_meta").put(REASON_META, code);
    return result;
  }
}
