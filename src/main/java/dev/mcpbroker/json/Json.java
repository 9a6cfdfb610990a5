package dev.mcpbroker.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Holds the one Jackson mapper the broker uses for wire JSON: strict on duplicate keys. */
public final class Json {
  private Json() {}

  /**
   * The shared mapper. Duplicate keys are a parse error: two parsers that disagree on which
   * duplicate wins are how arguments get smuggled past a validator.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  /** The node factory for building messages. */
  public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  static {
    MAPPER.setNodeFactory(NODES);
    MAPPER.getFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    MAPPER.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }
}
