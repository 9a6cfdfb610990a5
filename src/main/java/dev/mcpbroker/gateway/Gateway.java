package dev.mcpbroker.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.pipeline.SessionHistory;
import dev.mcpbroker.pipeline.ToolCallPipeline;
import dev.mcpbroker.pipeline.ToolCallRequest;
import dev.mcpbroker.pipeline.ToolSwitch;
import dev.mcpbroker.protocol.ClientSession;
import dev.mcpbroker.protocol.Dispatcher;
import dev.mcpbroker.protocol.JsonRpc;
import dev.mcpbroker.protocol.Reply;
import dev.mcpbroker.protocol.RpcException;
import dev.mcpbroker.upstream.LiveTools;
import dev.mcpbroker.upstream.UpstreamClient;
import dev.mcpbroker.upstream.UpstreamException;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives each MCP method its meaning at the broker: tools come from the catalog and go through the
 * tool-call pipeline; resources, prompts and completions pass to the upstream that declares them
 * and nowhere else; ping and logging are answered here.
 */
public final class Gateway implements Dispatcher {
  private final Map<String, UpstreamClient> clients;
  private final LiveTools tools;
  private final ToolCallPipeline pipeline;
  private final ToolSwitch toolSwitch;
  private final UpstreamRelay relay;
  private final Federation federation;
  private final Set<SessionUpstreams> live = ConcurrentHashMap.newKeySet();

  /** The catalog comes from {@code tools}, which holds the one in force (tools.yaml reloads). */
  public Gateway(Map<String, UpstreamClient> clients, LiveTools tools, ToolCallPipeline pipeline,
      ToolSwitch toolSwitch) {
    this.toolSwitch = toolSwitch;
    this.clients = clients;
    this.tools = tools;
    this.pipeline = pipeline;
    this.relay = new UpstreamRelay(tools);
    this.federation = new Federation(tools::catalog, this::upstreams, relay);
  }

  @Override
  public McpSchema.ServerCapabilities capabilities() {
    var caps = McpSchema.ServerCapabilities.builder().tools(true).logging();
    Catalog catalog = tools.catalog();
    if (!catalog.resources().isEmpty()) {
      caps.resources(true, true);
    }
    if (!catalog.prompts().isEmpty()) {
      caps.prompts(true);
    }
    if (!catalog.resources().isEmpty() || !catalog.prompts().isEmpty()) {
      caps.completions();
    }
    return caps.build();
  }

  @Override
  public CompletableFuture<Object> request(ClientSession session, Call call, Reply reply) {
    try {
      return dispatch(session, call, reply).thenApply(r -> (Object) r);
    } catch (RpcException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<?> dispatch(ClientSession session, Call call, Reply reply) {
    ObjectNode params = call.params();
    switch (call.method()) {
      case "ping":
        return CompletableFuture.completedFuture(Json.NODES.objectNode());
      case "tools/list":
        ObjectNode list = Json.NODES.objectNode();
        var listed = list.putArray("tools");
        if (toolSwitch.disabled().isEmpty()) {
          listed.addAll(tools.exposed());
        } else {
          // a tool an operator disabled is withheld like one whose pin does not verify
          tools.exposed().stream().filter(t -> !toolSwitch.isDisabled(t.path("name").asText())).forEach(listed::add);
        }
        return CompletableFuture.completedFuture(list);
      case "tools/call":
        return toolCall(session, call, reply);
      case "logging/setLevel":
        requireText(params, "level");
        upstreams(session).setLogLevel(params);
        return CompletableFuture.completedFuture(Json.NODES.objectNode());
      case "resources/list":
      case "resources/templates/list":
      case "prompts/list":
        return federation.list(session, call.method(), reply);
      case "resources/read":
      case "resources/subscribe":
      case "resources/unsubscribe":
      case "prompts/get":
      case "completion/complete":
        return federation.route(session, call, reply);
      default:
        throw new RpcException(JsonRpc.METHOD_NOT_FOUND, "method: " + call.method() + " (not supported by this broker)");
    }
  }

  private CompletableFuture<?> toolCall(ClientSession session, Call call, Reply reply) {
    String name = requireText(call.params(), "name");
    var request = new ToolCallRequest(session.id(), call.principal(), name, call.params().get("arguments"),
        call.params().get("_meta"), session.attachment(SessionHistory.class, s -> new SessionHistory()));
    return pipeline.call(request, (tool, upstreamParams, headers) -> upstreams(session).get(tool.upstream())
        .thenCompose(us -> {
          var pending = us.request("tools/call", upstreamParams,
              relay.forRequest(session, tool.upstream(), us, reply), headers);
          call.onCancel().register(reason -> us.cancel(pending.id(), reason));
          return pending.response();
        }));
  }

  @Override
  public void notification(ClientSession session, String method, JsonNode params) {
    if ("notifications/roots/list_changed".equals(method)) {
      federation.broadcast(session, method, params);
    }
  }

  @Override
  public void listening(ClientSession session) {
    upstreams(session).listenAll();
  }

  /** Closes upstream sessions that have been idle too long; called periodically. */
  public void closeIdleUpstreams() {
    long now = System.nanoTime();
    live.forEach(u -> u.closeIdle(now));
  }

  SessionUpstreams upstreams(ClientSession session) {
    return session.attachment(SessionUpstreams.class, s -> {
      SessionUpstreams u = new SessionUpstreams(s, clients, (name, us) -> relay.forListening(s, name, us));
      live.add(u);
      s.onClose(() -> live.remove(u));
      return u;
    });
  }

  static String requireText(ObjectNode params, String field) {
    JsonNode value = params.get(field);
    if (value == null || !value.isTextual()) {
      throw new RpcException(JsonRpc.INVALID_PARAMS, "params." + field + ": "
          + (value == null ? "missing" : value.getNodeType()) + " (expected: a string)");
    }
    return value.asText();
  }

  /** Unwraps the upstream failures of a forwarded request into JSON-RPC errors for the client. */
  static RuntimeException upstreamFailure(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof RpcException rpc) {
      return rpc;
    }
    if (cause instanceof UpstreamException u) {
      return new RpcException(JsonRpc.INTERNAL_ERROR, u.getMessage());
    }
    return cause instanceof RuntimeException r ? r : new CompletionException(cause);
  }
}
