package dev.mcpbroker.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.CanonicalJson;
import dev.mcpbroker.json.Json;
import java.util.List;

/**
 * Checks the arguments against the schema the catalog enforces for the tool (unknown fields
 * rejected), before anything leaves the broker. Absent arguments are validated as {@code {}}.
 */
final class ValidateArguments implements Stage {

  @Override
  public StageOutcome apply(CallContext context) {
    JsonNode raw = context.request().arguments();
    JsonNode arguments = raw == null ? Json.NODES.objectNode() : raw;
    List<String> problems = context.tool().schema().validate(arguments);
    if (!problems.isEmpty()) {
      return new StageOutcome.Deny(DenyReason.INVALID_ARGUMENTS,
          "arguments of " + context.tool().name() + ": " + String.join("; ", problems));
    }
    if (!(arguments instanceof ObjectNode object)) {
      return new StageOutcome.Deny(DenyReason.INVALID_ARGUMENTS, "arguments: " + arguments.getNodeType()
          + " (expected: an object)");
    }
    byte[] canonical;
    try {
      // the action token and the approvals bind the digest of the canonical form; a number that a
      // double cannot hold (1e309) has none, so it is refused here rather than failing later (the
      // form is kept: the action token's digest reuses it unless policy rewrites the arguments)
      canonical = CanonicalJson.canonicalize(object);
    } catch (IllegalArgumentException e) {
      return new StageOutcome.Deny(DenyReason.INVALID_ARGUMENTS, "arguments of " + context.tool().name()
          + ": a number out of range (expected: finite numbers, as RFC 8785 canonical JSON requires)");
    }
    return new StageOutcome.Continue(context.withArguments(object, canonical));
  }
}
