package dev.mcpbroker.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.json.CanonicalJson;

/**
 * Computes the pin of an upstream tool definition: {@code sha256:} and the hex SHA-256 of the
 * RFC 8785 canonical JSON of the tool object exactly as the upstream lists it. Any change to its
 * name, description, schemas or annotations changes the pin (a rug pull).
 */
public final class DefinitionHash {
  private DefinitionHash() {}

  /** Returns the pin string for one tool object from an upstream's {@code tools/list}. */
  public static String of(JsonNode toolDefinition) {
    return "sha256:" + CanonicalJson.sha256Hex(toolDefinition);
  }
}
