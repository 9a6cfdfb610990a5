package dev.mcpbroker.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.json.Json;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Validation messages name the field, the value where short, and the expectation. */
class ToolSchemaTest {
  static final ToolSchema REFUND =
      ToolSchema.compile(
          "refund",
          json(
              """
              {"type": "object",
               "properties": {
                 "order_id": {"type": "string", "pattern": "^o-[0-9]+$"},
                 "amount": {"type": "number", "exclusiveMinimum": 0, "maximum": 500},
                 "currency": {"enum": ["EUR", "USD"]},
                 "reason": {"type": "string", "minLength": 3, "maxLength": 20},
                 "lines": {"type": "array", "maxItems": 2,
                           "items": {"type": "object", "properties": {"sku": {"type": "string"}}}},
                 "card_number": {"type": "string", "pattern": "^[0-9]{12,19}$"}},
               "required": ["order_id", "amount"]}
              """),
          Set.of("card_number"));

  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static java.util.List<String> refund(String args) {
    return REFUND.validate(json(args));
  }

  @Test
  void validArguments_giveNoMessages() {
    assertThat(refund("{\"order_id\": \"o-1\", \"amount\": 12.5, \"currency\": \"EUR\"}"))
        .isEmpty();
  }

  @Test
  void overMaximum_namesFieldValueAndBound() {
    assertThat(refund("{\"order_id\": \"o-1\", \"amount\": 900}"))
        .containsExactly("amount: 900 (expected: <= 500)");
  }

  @Test
  void exclusiveMinimum_isExplained() {
    assertThat(refund("{\"order_id\": \"o-1\", \"amount\": 0}"))
        .containsExactly("amount: 0 (expected: > 0)");
  }

  @Test
  void missingRequired_isNamed() {
    assertThat(refund("{\"amount\": 1}")).containsExactly("order_id: required");
  }

  @Test
  void missingArguments_areValidatedAsEmptyObject() {
    assertThat(REFUND.validate(null)).containsExactly("order_id: required", "amount: required");
    assertThat(REFUND.validate(Json.NODES.missingNode())).hasSize(2);
  }

  @Test
  void nonObjectArguments_areRejected() {
    assertThat(REFUND.validate(json("[1]")))
        .containsExactly("arguments: an array (expected: an object)");
    assertThat(REFUND.validate(json("\"x\"")))
        .containsExactly("arguments: a string (expected: an object)");
    assertThat(REFUND.validate(json("null")))
        .containsExactly("arguments: null (expected: an object)");
  }

  @Test
  void wrongType_namesTheExpectedType() {
    assertThat(refund("{\"order_id\": 7, \"amount\": \"lots\"}"))
        .containsExactly("order_id: 7 (expected: string)", "amount: \"lots\" (expected: number)");
  }

  @Test
  void enumMismatch_listsTheChoices() {
    assertThat(refund("{\"order_id\": \"o-1\", \"amount\": 1, \"currency\": \"BTC\"}"))
        .containsExactly("currency: \"BTC\" (expected one of: \"EUR\", \"USD\")");
  }

  @Test
  void patternMismatch_showsThePattern() {
    assertThat(refund("{\"order_id\": \"x\", \"amount\": 1}"))
        .containsExactly("order_id: \"x\" (expected: matching ^o-[0-9]+$)");
  }

  @Test
  void lengthBounds_areExplained() {
    assertThat(refund("{\"order_id\": \"o-1\", \"amount\": 1, \"reason\": \"no\"}"))
        .containsExactly("reason: \"no\" (expected: at least 3 characters)");
    assertThat(
            refund(
                "{\"order_id\": \"o-1\", \"amount\": 1, \"reason\": \"" + "x".repeat(500) + "\"}"))
        .containsExactly("reason: a string of 500 characters (expected: at most 20 characters)");
  }

  @Test
  void arrayItems_areNamedWithTheirIndex() {
    assertThat(refund("{\"order_id\": \"o-1\", \"amount\": 1, \"lines\": [{\"sku\": 1}, {}, {}]}"))
        .containsExactly(
            "lines: an array of 3 items (expected: at most 2 items)",
            "lines[0].sku: 1 (expected: string)");
  }

  @Test
  void sensitiveValues_areNeverEchoed() {
    assertThat(refund("{\"order_id\": \"o-1\", \"amount\": 1, \"card_number\": \"4111-1111\"}"))
        .containsExactly("card_number: <redacted> (expected: matching ^[0-9]{12,19}$)");
  }

  @Test
  void unknownTopLevelField_isRejected_andTheKnownOnesListed() {
    assertThat(refund("{\"order_id\": \"o-1\", \"amount\": 1, \"role\": \"admin\"}"))
        .containsExactly(
            "role: unknown field (expected one of: order_id, amount, currency, reason, lines,"
                + " card_number)");
  }

  @Test
  void unknownNestedField_isRejected() {
    assertThat(
            refund(
                "{\"order_id\": \"o-1\", \"amount\": 1, \"lines\": [{\"sku\": \"a\", \"price\":"
                    + " 0}]}"))
        .containsExactly("lines[0].price: unknown field (expected one of: sku)");
  }

  @Test
  void oddFieldNames_areQuotedAndCut() {
    assertThat(
            refund(
                "{\"order_id\": \"o-1\", \"amount\": 1, \"a b\": 1, \""
                    + "k".repeat(100)
                    + "\": 1}"))
        .allMatch(m -> m.length() < 200)
        .anyMatch(m -> m.startsWith("[\"a b\"]: unknown field"))
        .anyMatch(m -> m.startsWith("[\"" + "k".repeat(64) + "...\"]: unknown field"));
  }

  @Test
  void manyErrors_areCapped() {
    StringBuilder b = new StringBuilder("{\"order_id\": \"o-1\", \"amount\": 1");
    for (int i = 0; i < 50; i++) {
      b.append(", \"x").append(i).append("\": 1");
    }
    assertThat(refund(b.append('}').toString()))
        .hasSize(SchemaMessages.MAX_MESSAGES + 1)
        .last()
        .isEqualTo("... and 30 more");
  }

  @Test
  void invalidSchema_failsCompile_namingTheKeyword() {
    assertThatThrownBy(
            () ->
                ToolSchema.compile(
                    "t",
                    json("{\"type\": \"object\", \"properties\": {\"a\": {\"maximum\": \"x\"}}}")))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith(
            "t: inputSchema.properties.a.maximum: \"x\" (expected: a valid schema;");
  }

  @Test
  void invalidRegex_failsCompile() {
    assertThatThrownBy(
            () ->
                ToolSchema.compile(
                    "t",
                    json("{\"type\": \"object\", \"properties\": {\"a\": {\"pattern\": \"[\"}}}")))
        .hasMessageStartingWith("t: inputSchema.properties.a.pattern: \"[\"");
  }

  @Test
  void unknownFormat_failsCompile() {
    assertThatThrownBy(
            () ->
                ToolSchema.compile(
                    "t",
                    json(
                        "{\"type\": \"object\", \"properties\": {\"a\": {\"format\":"
                            + " \"emial\"}}}")))
        .hasMessageStartingWith(
            "t: inputSchema.properties.a.format: \"emial\" (expected: one of date,");
  }

  @Test
  void knownFormat_isAsserted() {
    ToolSchema s =
        ToolSchema.compile(
            "t", json("{\"type\": \"object\", \"properties\": {\"a\": {\"format\": \"email\"}}}"));
    assertThat(s.validate(json("{\"a\": \"nope\"}")))
        .containsExactly("a: \"nope\" (expected: format email)");
  }

  @Test
  void remoteRef_failsCompile() {
    assertThatThrownBy(
            () ->
                ToolSchema.compile(
                    "t",
                    json(
                        "{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\":"
                            + " \"http://evil.example/s.json\"}}}")))
        .hasMessage(
            "t: inputSchema.properties.a.$ref: \"http://evil.example/s.json\" (expected: a local"
                + " reference starting with #)");
  }

  @Test
  void danglingRef_failsCompile() {
    assertThatThrownBy(
            () ->
                ToolSchema.compile(
                    "t",
                    json(
                        "{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\":"
                            + " \"#/$defs/nope\"}}}")))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith("t: inputSchema: not compilable:");
  }

  @Test
  void otherDialect_failsCompile() {
    assertThatThrownBy(
            () ->
                ToolSchema.compile(
                    "t",
                    json(
                        "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\":"
                            + " \"object\"}")))
        .hasMessage(
            "t: inputSchema.$schema: \"http://json-schema.org/draft-07/schema#\" (expected:"
                + " https://json-schema.org/draft/2020-12/schema)");
  }

  @Test
  void explicit2020Dialect_isAccepted() {
    ToolSchema.compile(
        "t",
        json(
            "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\":"
                + " \"object\"}"));
  }

  @Test
  void nonObjectTopLevelType_failsCompile() {
    assertThatThrownBy(() -> ToolSchema.compile("t", json("{\"type\": \"string\"}")))
        .hasMessage("t: inputSchema.type: \"string\" (expected: \"object\")");
  }

  @Test
  void compiledSchema_isUsableFromManyThreads() throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var futures = new java.util.ArrayList<java.util.concurrent.Future<java.util.List<String>>>();
      for (int i = 0; i < 200; i++) {
        int amount = i;
        futures.add(
            pool.submit(() -> refund("{\"order_id\": \"o-1\", \"amount\": " + amount + "}")));
      }
      for (int i = 0; i < 200; i++) {
        assertThat(futures.get(i).get()).hasSize(i == 0 || i > 500 ? 1 : 0);
      }
    } finally {
      pool.shutdown();
    }
  }
}
