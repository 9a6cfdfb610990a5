package dev.mcpbroker.backends.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;

/** Builds the tool results the backends answer with. */
public final class ToolResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ToolResults() {}

  /** Returns structured content, also serialized into a text block. */
  // MCP 2025-11-25 server/tools: structured content SHOULD also be serialized into a text block
  public static CallToolResult success(Map<String, Object> structured) {
    return CallToolResult.builder()
        .addTextContent(json(structured))
        .structuredContent(structured)
        .isError(false)
        .build();
  }

  /** Returns a tool error carrying {@code message} as its only text. */
  public static CallToolResult error(String message) {
    return CallToolResult.builder().addTextContent(message).isError(true).build();
  }

  /** Serializes plain maps, lists, strings and numbers as JSON, e.g. to quote a bad argument. */
  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain maps, lists and strings always serialize", e);
    }
  }
}
