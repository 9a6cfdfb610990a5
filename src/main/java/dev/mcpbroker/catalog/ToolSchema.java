package dev.mcpbroker.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.mcpbroker.json.Json;
import java.util.List;
import java.util.Set;

/**
 * Checks one tool's call arguments against its input schema, compiled once into a hardened,
 * thread-safe validator (unknown properties rejected, see {@link SchemaHardener}). Schemas are JSON
 * Schema draft 2020-12, the MCP default dialect.
 */
public final class ToolSchema {
  private static final String DIALECT = SpecificationVersion.DRAFT_2020_12.getDialectId();
  private static final String META_HOST = "https://json-schema.org/";

  // Only the bundled meta-schemas may be loaded: a tool schema never makes the broker fetch.
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          b ->
              b.schemaRegistryConfig(
                      SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                  .schemaLoader(l -> l.block(iri -> !iri.toString().startsWith(META_HOST))));
  private static final Schema META = REGISTRY.getSchema(SchemaLocation.of(DIALECT));

  static {
    META.initializeValidators();
  }

  private final Schema validator;
  private final ObjectNode hardened;
  private final Set<String> topLevelProperties;
  private final SchemaMessages messages;

  private ToolSchema(SchemaHardener.Result h, Schema validator, Set<String> redacted) {
    this.validator = validator;
    this.hardened = h.schema();
    this.topLevelProperties = h.top();
    this.messages = new SchemaMessages(h.knownNames(), Set.copyOf(redacted));
  }

  /** Compiles {@code schema}; {@code where} (e.g. the tool name) prefixes error messages. */
  public static ToolSchema compile(String where, JsonNode schema) {
    return compile(where, schema, Set.of());
  }

  /**
   * Compiles {@code schema}; messages never echo the values of the {@code redacted} top-level
   * arguments (the tool's sensitive fields).
   */
  public static ToolSchema compile(String where, JsonNode schema, Set<String> redacted) {
    if (schema == null || !schema.isObject()) {
      throw invalid(where, List.of(), schema + " (expected: a JSON Schema object)");
    }
    JsonNode dialect = schema.get("$schema");
    if (dialect != null && !dialect.asText().replaceAll("#$", "").equals(DIALECT)) {
      throw invalid(where, List.of("$schema"), dialect + " (expected: " + DIALECT + ")");
    }
    List<Error> metaErrors = META.validate(schema);
    if (!metaErrors.isEmpty()) {
      Error e = metaErrors.get(0); // the first is the most specific; the rest are its echoes
      throw invalid(
          where,
          SchemaPaths.segments(e.getInstanceLocation()),
          e.getInstanceNode() + " (expected: a valid schema; " + e.getMessage() + ")");
    }
    if (!"object".equals(schema.path("type").asText())) {
      // MCP 2025-11-25 server/tools: inputSchema is a JSON Schema object with type "object"
      String type = schema.has("type") ? schema.get("type").toString() : "missing";
      throw invalid(where, List.of("type"), type + " (expected: \"object\")");
    }
    SchemaHardener.Result h;
    try {
      h = SchemaHardener.harden((ObjectNode) schema);
    } catch (CatalogException e) {
      throw new CatalogException(
          where + ": inputSchema." + e.getMessage(), e.schemaPointer(), null);
    }
    try {
      Schema compiled = REGISTRY.getSchema(h.schema());
      compiled.initializeValidators(); // resolves every $ref now, not on the first call
      return new ToolSchema(h, compiled, redacted);
    } catch (SchemaException | IllegalArgumentException e) {
      throw invalid(where, List.of(), "not compilable: " + e.getMessage());
    }
  }

  private static CatalogException invalid(String where, List<?> at, String detail) {
    String path = at.isEmpty() ? "" : "." + SchemaPaths.dotted(at);
    return new CatalogException(
        where + ": inputSchema" + path + ": " + detail, SchemaPaths.pointer(at), null);
  }

  /**
   * Validates one call's arguments; an empty list means valid. A missing ({@code null}) {@code
   * arguments} is validated as {@code {}}; anything but an object is rejected.
   */
  public List<String> validate(JsonNode arguments) {
    JsonNode args =
        arguments == null || arguments.isMissingNode() ? Json.NODES.objectNode() : arguments;
    if (!args.isObject()) {
      String what = args.isArray() ? "an array" : args.isTextual() ? "a string" : args.toString();
      return List.of("arguments: " + what + " (expected: an object)");
    }
    List<Error> errors = validator.validate(args);
    if (errors.isEmpty()) {
      return List.of();
    }
    List<String> out = messages.format(errors);
    // an empty list means "valid", so formatting must never lose the last error
    return out.isEmpty()
        ? List.of("arguments: invalid (expected: to match the tool's schema)")
        : out;
  }

  /** The argument names the schema declares at the top level, through composition. */
  Set<String> topLevelProperties() {
    return topLevelProperties;
  }

  /** The hardened schema actually enforced (a copy). */
  JsonNode hardened() {
    return hardened.deepCopy();
  }
}
