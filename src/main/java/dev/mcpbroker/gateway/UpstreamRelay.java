package dev.mcpbroker.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.protocol.ClientSession;
import dev.mcpbroker.protocol.JsonRpc;
import dev.mcpbroker.protocol.Reply;
import dev.mcpbroker.upstream.LiveTools;
import dev.mcpbroker.upstream.UpstreamListener;
import dev.mcpbroker.upstream.UpstreamSession;

/**
 * Passes what an upstream sends on its own initiative to the right client: on the stream of the
 * request it belongs to when there is one, else on the client's listening stream. Requests
 * (sampling, elicitation, roots) are re-identified per client session so that ids never cross
 * sessions, and the client's answer goes back to the upstream session that asked.
 */
final class UpstreamRelay {
  private final LiveTools tools;

  UpstreamRelay(LiveTools tools) {
    this.tools = tools;
  }

  /** Returns the listener for messages on the stream of one request, answered by {@code reply}. */
  UpstreamListener forRequest(ClientSession client, String upstream, UpstreamSession session, Reply reply) {
    return message -> relay(client, upstream, session, message, reply);
  }

  /** Returns the listener for an upstream's listening stream. */
  UpstreamListener forListening(ClientSession client, String upstream, UpstreamSession session) {
    return message -> relay(client, upstream, session, message, null);
  }

  private void relay(ClientSession client, String upstream, UpstreamSession session, ObjectNode message,
      Reply reply) {
    String method = message.path("method").asText("");
    if (message.has("id")) {
      JsonNode upstreamId = message.get("id");
      ObjectNode mapped = client.relayRequest(message, answer -> {
        ObjectNode back = answer.deepCopy();
        back.set("id", upstreamId);
        session.respond(back);
      });
      if (!deliver(client, mapped, reply)) {
        ObjectNode refusal = Json.MAPPER.valueToTree(JsonRpc.error(upstreamId, JsonRpc.INTERNAL_ERROR,
            "the client has no open stream to receive " + method));
        session.respond(refusal);
      }
      return;
    }
    switch (method) {
      case "notifications/tools/list_changed" -> tools.refresh(upstream);
      case "notifications/resources/updated" -> {
        if (tools.catalog().resourceAllowed(upstream, message.path("params").path("uri").asText(""))) {
          client.notifyClient(message);
        }
      }
      case "notifications/progress", "notifications/message" -> deliver(client, message, reply);
      case "notifications/resources/list_changed", "notifications/prompts/list_changed" ->
          client.notifyClient(message);
      default -> { } // other notifications stay upstream: nothing undeclared reaches the client
    }
  }

  private static boolean deliver(ClientSession client, ObjectNode message, Reply reply) {
    return (reply != null && reply.send(message)) || client.notifyClient(message);
  }
}
