package dev.mcpbroker.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Declares one tool the broker exposes: its public name, the upstream tool it forwards to, its risk
 * tier, the pinned hash of the upstream definition and the input schema the broker enforces.
 *
 * @param name the public name clients call (unique in the catalog)
 * @param upstream the name of the upstream that serves it
 * @param upstreamTool the tool's name on the upstream (defaults to {@code name})
 * @param tier the risk tier
 * @param pin the expected {@link DefinitionHash} of the upstream's tool definition
 * @param description an override of the upstream's description, or {@code null} to keep it
 * @param sensitive top-level argument names whose values are digested, never written, in audit
 * @param inputSchema the schema as written in the catalog, what {@code tools/list} shows
 * @param schema the compiled, hardened form of {@code inputSchema} that calls are checked against
 */
public record ToolSpec(
    String name,
    String upstream,
    String upstreamTool,
    Tier tier,
    String pin,
    String description,
    Set<String> sensitive,
    JsonNode inputSchema,
    ToolSchema schema) {

  /** MCP 2025-11-25 server/tools: names are 1-128 of A-Z a-z 0-9 _ - . */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  /** What {@link DefinitionHash#of} produces. */
  static final Pattern PIN = Pattern.compile("sha256:[0-9a-f]{64}");

  public ToolSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(pin, "pin");
    Objects.requireNonNull(inputSchema, "inputSchema");
    Objects.requireNonNull(schema, "schema");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name: \"" + name + "\" (expected: 1-128 characters of A-Z a-z 0-9 _ - .)");
    }
    upstreamTool = upstreamTool == null ? name : upstreamTool;
    if (upstreamTool.isEmpty()) {
      throw new IllegalArgumentException("upstreamTool: \"\" (expected: a tool name)");
    }
    if (!PIN.matcher(pin).matches()) {
      throw new IllegalArgumentException(
          "pin: \"" + pin + "\" (expected: sha256: followed by 64 lowercase hex digits)");
    }
    sensitive =
        sensitive == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(sensitive));
    inputSchema = inputSchema.deepCopy();
  }
}
