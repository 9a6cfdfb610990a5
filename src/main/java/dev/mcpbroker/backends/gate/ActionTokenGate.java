package dev.mcpbroker.backends.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.identity.ActionTokenVerifier;
import dev.mcpbroker.identity.ActionVerification;
import dev.mcpbroker.json.CanonicalJson;
import dev.mcpbroker.json.Json;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lets a call through only with an action token the broker minted for exactly this call: signed
 * by the broker's published key, for this backend's audience, for this tool and these arguments
 * (by digest), unexpired and never used before. The token's subject scopes the call to a customer.
 *
 * <p>The idempotency key is, by default, the token's {@code jti}: a replayed or retried token
 * moves nothing twice, but two tokens for the same call are two calls. {@link #keyedByCall} keys
 * by the call instead (subject, tool and the digest of the canonical arguments, which the token
 * is bound to): identical calls for one subject collapse into one, however many tokens carry them.
 */
public final class ActionTokenGate implements CallGate {
  /** What identifies one authorised call to a backend that moves money at most once per key. */
  public enum IdempotencyKey {
    /** The action token's {@code jti}: one payment per token. */
    TOKEN,
    /** SHA-256 of subject, tool and canonical arguments: one payment per distinct call. */
    CALL
  }

  private final Supplier<ActionTokenVerifier> verifier;
  private final IdempotencyKey keying;

  /** Uses the verifier {@code verifier} supplies (it may be built once the broker's keys are known). */
  public ActionTokenGate(Supplier<ActionTokenVerifier> verifier) {
    this(verifier, IdempotencyKey.TOKEN);
  }

  /** Uses {@code verifier}, keying idempotency as {@code keying} says. */
  public ActionTokenGate(Supplier<ActionTokenVerifier> verifier, IdempotencyKey keying) {
    this.verifier = verifier;
    this.keying = keying;
  }

  /** Returns a gate whose idempotency key is the call itself, not the token ({@link IdempotencyKey#CALL}). */
  public static ActionTokenGate keyedByCall(Supplier<ActionTokenVerifier> verifier) {
    return new ActionTokenGate(verifier, IdempotencyKey.CALL);
  }

  @Override
  public GateResult check(McpSyncServerExchange exchange, String tool, Map<String, Object> arguments,
      Map<String, Object> meta) {
    Optional<String> header = RequestHeaders.authorization(exchange);
    if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new GateResult.Refused("missing_action_token: calls are accepted only through the broker");
    }
    ActionTokenVerifier v0 = verifier.get();
    if (v0 == null) {
      return new GateResult.Refused("keys_unavailable: the broker's keys are not configured yet");
    }
    JsonNode argumentsInHand = Json.MAPPER.valueToTree(arguments);
    ActionVerification v = v0.verifyFor(header.get().substring(7).trim(), tool, argumentsInHand);
    if (v instanceof ActionVerification.Accepted ok) {
      String key = keying == IdempotencyKey.TOKEN ? ok.jti() : callKey(ok.subject(), tool, argumentsInHand);
      return new GateResult.Accepted(ok.subject(), key);
    }
    ActionVerification.Refused no = (ActionVerification.Refused) v;
    return new GateResult.Refused(no.code() + ": " + no.message());
  }

  // the verifier has just checked that the token names exactly this digest, so the key is the
  // token's authorization_details.arguments_sha256 bound to its subject and tool
  // (a JSON array, not a joined string: no subject or tool can be split to forge another's key)
  static String callKey(String subject, String tool, JsonNode arguments) {
    JsonNode call = Json.NODES.arrayNode().add(subject).add(tool).add(CanonicalJson.sha256Hex(arguments));
    return "call:" + CanonicalJson.sha256Hex(call);
  }
}
