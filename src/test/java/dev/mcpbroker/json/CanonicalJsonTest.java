package dev.mcpbroker.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/**
 * RFC 8785 canonical form written straight from the Jackson tree, checked against the RFC's own
 * examples and, on thousands of random documents, byte for byte against the reference
 * implementation it replaced (serialize, re-parse with erdtman's JsonCanonicalizer).
 */
class CanonicalJsonTest {

  @Test
  void rfc8785Section322Example() throws Exception {
    JsonNode n = Json.MAPPER.readTree("""
        {
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
          "literals": [null, true, false]
        }""");
    assertThat(new String(CanonicalJson.canonicalize(n), StandardCharsets.UTF_8)).isEqualTo(
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void rfc8785Section323SortsByUtf16CodeUnits() throws Exception {
    JsonNode n = Json.MAPPER.readTree("""
        {"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",
         "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",
         "\\u00f6": "Latin Small Letter O With Diaeresis"}""");
    String out = new String(CanonicalJson.canonicalize(n), StandardCharsets.UTF_8);
    assertThat(out).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
        + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void matchesTheReferenceImplementationOnRandomDocuments() throws Exception {
    Random random = new Random(8785);
    for (int i = 0; i < 5_000; i++) {
      JsonNode value = randomValue(random, 0);
      JsonNode doc = value.isContainerNode() ? value : Json.NODES.arrayNode().add(value); // erdtman's top level
      byte[] reference = new JsonCanonicalizer(Json.MAPPER.writeValueAsString(doc)).getEncodedUTF8();
      assertThat(CanonicalJson.canonicalize(doc)).as("document %d: %s", i, doc).isEqualTo(reference);
    }
  }

  @Test
  void nonFiniteNumberIsRefused() {
    assertThatThrownBy(() -> CanonicalJson.canonicalize(Json.NODES.arrayNode().add(Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }

  private static JsonNode randomValue(Random r, int depth) {
    int kind = depth > 3 ? 2 + r.nextInt(5) : r.nextInt(7);
    switch (kind) {
      case 0 -> {
        ObjectNode o = Json.NODES.objectNode();
        for (int k = r.nextInt(6); k > 0; k--) {
          o.set(randomString(r), randomValue(r, depth + 1));
        }
        return o;
      }
      case 1 -> {
        ArrayNode a = Json.NODES.arrayNode();
        for (int k = r.nextInt(6); k > 0; k--) {
          a.add(randomValue(r, depth + 1));
        }
        return a;
      }
      case 2 -> {
        return Json.NODES.textNode(randomString(r));
      }
      case 3 -> {
        return switch (r.nextInt(6)) {
          case 0 -> Json.NODES.numberNode(r.nextInt());
          case 1 -> Json.NODES.numberNode(r.nextLong() >> r.nextInt(64));
          case 2 -> Json.NODES.numberNode(Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL)
              * (r.nextBoolean() ? 1 : -1));
          case 3 -> Json.NODES.numberNode(new BigDecimal(BigInteger.valueOf(r.nextLong()), r.nextInt(40) - 20));
          case 4 -> Json.NODES.numberNode(r.nextInt(100_000) / 100.0);
          default -> Json.NODES.numberNode(new BigInteger(90, r));
        };
      }
      case 4 -> {
        return Json.NODES.booleanNode(r.nextBoolean());
      }
      case 5 -> {
        return Json.NODES.nullNode();
      }
      default -> {
        return Json.NODES.numberNode(r.nextInt(2000) - 1000);
      }
    }
  }

  private static String randomString(Random r) {
    StringBuilder b = new StringBuilder();
    for (int k = r.nextInt(8); k > 0; k--) {
      switch (r.nextInt(6)) {
        case 0 -> b.append((char) r.nextInt(0x20)); // controls
        case 1 -> b.append("\"\\/'".charAt(r.nextInt(4)));
        case 2 -> b.append((char) (0x80 + r.nextInt(0x780))); // two-byte UTF-8
        case 3 -> b.appendCodePoint(0x1F600 + r.nextInt(80)); // surrogate pairs
        case 4 -> b.append((char) (0xE000 + r.nextInt(0x1FFF))); // BMP above the surrogates
        default -> b.append((char) (0x20 + r.nextInt(0x5f)));
      }
    }
    return b.toString();
  }
}
