package dev.mcpbroker.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.protocol.ClientSession;
import dev.mcpbroker.protocol.Dispatcher.Call;
import dev.mcpbroker.protocol.JsonRpc;
import dev.mcpbroker.protocol.Reply;
import dev.mcpbroker.protocol.RpcException;
import dev.mcpbroker.upstream.UpstreamListener;
import dev.mcpbroker.upstream.UpstreamSession;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Federates resources, resource templates, prompts and completions across upstreams, passing
 * through only what the catalog declares: lists are merged from the declaring upstreams and
 * filtered item by item; a read, get or completion goes to the one upstream that declares it.
 */
final class Federation {
  private static final int MAX_PAGES = 20;

  private final Supplier<Catalog> catalogs;
  private final Function<ClientSession, SessionUpstreams> upstreams;
  private final UpstreamRelay relay;

  Federation(Supplier<Catalog> catalogs, Function<ClientSession, SessionUpstreams> upstreams, UpstreamRelay relay) {
    this.catalogs = catalogs;
    this.upstreams = upstreams;
    this.relay = relay;
  }

  /** Merges a list method over every upstream with a matching rule (pages are followed, not exposed). */
  CompletableFuture<ObjectNode> list(ClientSession session, String method, Reply reply) {
    boolean prompts = method.equals("prompts/list");
    String key = switch (method) {
      case "resources/list" -> "resources";
      case "resources/templates/list" -> "resourceTemplates";
      default -> "prompts";
    };
    Set<String> sources = new LinkedHashSet<>();
    if (prompts) {
      catalogs.get().prompts().forEach(p -> sources.add(p.upstream()));
    } else {
      catalogs.get().resources().forEach(r -> sources.add(r.upstream()));
    }
    List<CompletableFuture<List<JsonNode>>> parts = new ArrayList<>();
    for (String upstream : sources) {
      parts.add(upstreams.apply(session).get(upstream)
          .thenCompose(s -> pages(s, method, key, null, new ArrayList<>(), 0))
          .thenApply(items -> items.stream().filter(item -> allowed(upstream, key, item)).toList()));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).handle((v, failure) -> {
      if (failure != null) {
        throw Gateway.upstreamFailure(failure);
      }
      ObjectNode result = Json.NODES.objectNode();
      ArrayNode items = result.putArray(key);
      parts.forEach(p -> items.addAll(p.join()));
      return result;
    });
  }

  /** Sends a resource, prompt or completion request to the upstream that declares its target. */
  CompletableFuture<JsonNode> route(ClientSession session, Call call, Reply reply) {
    String upstream = target(call);
    return upstreams.apply(session).get(upstream)
        .thenCompose(s -> s.request(call.method(), call.params(), relay.forRequest(session, upstream, s, reply)).response())
        .handle((response, failure) -> {
          if (failure != null) {
            throw Gateway.upstreamFailure(failure);
          }
          JsonNode error = response.get("error");
          if (error != null) {
            throw RpcException.fromUpstream(error);
          }
          return response.get("result");
        });
  }

  /** Passes a client notification to every upstream session this client has open. */
  void broadcast(ClientSession session, String method, JsonNode params) {
    for (String upstream : catalogs.get().upstreams().keySet()) {
      upstreams.apply(session).ifOpen(upstream, s -> s.notify(method, params));
    }
  }

  private String target(Call call) {
    ObjectNode params = call.params();
    String method = call.method();
    if (method.startsWith("resources/")) {
      String uri = Gateway.requireText(params, "uri");
      return catalogs.get().upstreamForResource(uri).orElseThrow(() ->
          new RpcException(JsonRpc.RESOURCE_NOT_FOUND, "resource: " + uri + " (not exposed by this broker)"));
    }
    if (method.equals("prompts/get")) {
      String name = Gateway.requireText(params, "name");
      return catalogs.get().upstreamForPrompt(name).orElseThrow(() ->
          new RpcException(JsonRpc.INVALID_PARAMS, "prompt: " + name + " (not exposed by this broker)"));
    }
    JsonNode ref = params.path("ref");
    String type = ref.path("type").asText("");
    if (type.equals("ref/prompt")) {
      String name = ref.path("name").asText("");
      return catalogs.get().upstreamForPrompt(name).orElseThrow(() ->
          new RpcException(JsonRpc.INVALID_PARAMS, "ref.name: " + name + " (not a prompt exposed by this broker)"));
    }
    if (type.equals("ref/resource")) {
      String uri = ref.path("uri").asText("");
      return catalogs.get().upstreamForResource(uri).orElseThrow(() ->
          new RpcException(JsonRpc.INVALID_PARAMS, "ref.uri: " + uri + " (not a resource exposed by this broker)"));
    }
    throw new RpcException(JsonRpc.INVALID_PARAMS, "ref.type: " + type + " (expected: ref/prompt or ref/resource)");
  }

  private boolean allowed(String upstream, String key, JsonNode item) {
    return switch (key) {
      case "resources" -> catalogs.get().resourceAllowed(upstream, item.path("uri").asText(""));
      case "resourceTemplates" -> catalogs.get().resourceAllowed(upstream, item.path("uriTemplate").asText(""));
      default -> catalogs.get().promptAllowed(upstream, item.path("name").asText(""));
    };
  }

  private static CompletableFuture<List<JsonNode>> pages(UpstreamSession s, String method, String key,
      String cursor, List<JsonNode> into, int page) {
    ObjectNode params = Json.NODES.objectNode();
    if (cursor != null) {
      params.put("cursor", cursor);
    }
    return s.request(method, params, UpstreamListener.IGNORE).response().thenCompose(response -> {
      JsonNode result = response.get("result");
      if (result == null) {
        JsonNode error = response.path("error");
        throw RpcException.fromUpstream(error);
      }
      result.path(key).forEach(into::add);
      String next = result.path("nextCursor").asText(null);
      return next == null || page + 1 >= MAX_PAGES
          ? CompletableFuture.completedFuture(into)
          : pages(s, method, key, next, into, page + 1);
    });
  }
}
