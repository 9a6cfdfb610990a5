package dev.mcpbroker.catalog;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Each start-up error names the file, the line, the field, the value and the expectation. */
class CatalogLoaderErrorsTest {
  static final String PIN = "sha256:" + "ab".repeat(32);
  static final String BASE =
      """
      upstreams:
        orders:
          url: http://127.0.0.1:${PORT}/mcp
      tools:
        - name: get_order
          upstream: orders
          tier: read
          pin: %s
          inputSchema:
            type: object
            properties:
              order_id: {type: string}
      resources:
        - upstream: orders
          uri: "orders://*"
      prompts:
        - upstream: orders
          name: summarize_order
      """
          .formatted(PIN);
  static final String SECOND_TOOL =
      """
        - name: get_order
          upstream: orders
          upstreamTool: get_order_v2
          tier: read
          pin: %s
          inputSchema: {type: object}
      """
          .formatted(PIN);

  static AbstractThrowableAssert<?, ? extends Throwable> loading(String yaml) {
    return assertThatThrownBy(() -> CatalogLoader.parse(yaml, "t.yaml", Map.of("PORT", "9101")))
        .isInstanceOf(CatalogException.class);
  }

  static String edit(String from, String to) {
    if (!BASE.contains(from)) {
      throw new IllegalArgumentException(from);
    }
    return BASE.replace(from, to);
  }

  @Test
  void baseCatalog_loads() {
    CatalogLoader.parse(BASE, "t.yaml", Map.of("PORT", "9101"));
  }

  @Test
  void unknownTopLevelKey_isRejected() {
    loading(BASE + "toolz: []\n")
        .hasMessage(
            "t.yaml:19: toolz: unknown key (expected one of: upstreams, tools, resources,"
                + " prompts)");
  }

  @Test
  void unknownUpstreamKey_isRejected() {
    loading(edit("    url:", "    timeout: 2s\n    url:"))
        .hasMessage(
            "t.yaml:3: upstreams.orders.timeout: unknown key"
                + " (expected one of: url, connectTimeout, callTimeout, idleTimeout, headers, audience)");
  }

  @Test
  void unknownToolKey_isRejected() {
    loading(edit("    tier: read\n", "    tier: read\n    tierr: write\n"))
        .hasMessageStartingWith("t.yaml:8: tools[0].tierr: unknown key (expected one of: name,");
  }

  @Test
  void unknownResourceKey_isRejected() {
    loading(edit("    uri: \"orders://*\"", "    url: \"orders://*\""))
        .hasMessage("t.yaml:15: resources[0].url: unknown key (expected one of: upstream, uri)");
  }

  @Test
  void unknownPromptKey_isRejected() {
    loading(edit("    name: summarize_order", "    prompt: summarize_order"))
        .hasMessage("t.yaml:18: prompts[0].prompt: unknown key (expected one of: upstream, name)");
  }

  @Test
  void missingUrl_isRejected() {
    loading(edit("    url: http://127.0.0.1:${PORT}/mcp", "    callTimeout: 2s"))
        .hasMessage(
            "t.yaml:2: upstreams.orders.url: missing (expected: an absolute http or https URL)");
  }

  @Test
  void missingTier_isRejected() {
    loading(edit("    tier: read\n", ""))
        .hasMessage(
            "t.yaml:5: tools[0].tier: missing (expected: one of read, write, money, irreversible)");
  }

  @Test
  void missingInputSchema_isRejected() {
    loading(BASE.substring(0, BASE.indexOf("    inputSchema:")))
        .hasMessage(
            "t.yaml:5: tools[0].inputSchema: missing (expected: a JSON Schema with type: object)");
  }

  @Test
  void missingToolsSection_isRejected() {
    loading("upstreams: {}\n").hasMessage("t.yaml:1: tools: missing (expected: a tools: section)");
  }

  @Test
  void toolWithUndeclaredUpstream_isRejected() {
    loading(edit("    upstream: orders\n    tier", "    upstream: ordrs\n    tier"))
        .hasMessage(
            "t.yaml:6: tools[0].upstream: \"ordrs\" (expected one of the declared upstreams:"
                + " orders)");
  }

  @Test
  void duplicatePublicName_reportsTheSecond() {
    loading(edit("resources:", SECOND_TOOL + "resources:"))
        .hasMessage(
            "t.yaml:13: tools[1].name: \"get_order\" (expected: a unique name; first declared on"
                + " line 5)");
  }

  @Test
  void sameUpstreamToolTwice_isRejected() {
    loading(
            edit(
                "resources:",
                SECOND_TOOL
                        .replace("get_order\n", "get_order_alias\n")
                        .replace("upstreamTool: get_order_v2", "upstreamTool: get_order")
                    + "resources:"))
        .hasMessage(
            "t.yaml:15: tools[1].upstreamTool: \"get_order\" of upstream orders"
                + " (expected: exposed once; already exposed as get_order)");
  }

  @Test
  void invalidSchema_namesTheLineOfTheBadKeyword() {
    loading(edit("order_id: {type: string}", "order_id: {type: strin}"))
        .hasMessageStartingWith(
            "t.yaml:12: tools[0] (get_order): inputSchema.properties.order_id.type: \"strin\"");
  }

  @Test
  void schemaWithoutObjectType_isRejected() {
    loading(edit("      type: object\n", ""))
        .hasMessageStartingWith(
            "t.yaml:9: tools[0] (get_order): inputSchema.type: missing (expected: \"object\")");
  }

  @Test
  void malformedPin_isRejected() {
    loading(edit(PIN, "sha256:ABC"))
        .hasMessage(
            "t.yaml:8: tools[0].pin: \"sha256:ABC\" (expected: sha256: followed by 64 lowercase hex"
                + " digits)");
  }

  @Test
  void badDuration_isRejected() {
    loading(edit("/mcp\n", "/mcp\n    callTimeout: 10 seconds\n"))
        .hasMessage(
            "t.yaml:4: upstreams.orders.callTimeout: \"10 seconds\""
                + " (expected: a positive duration like 500ms, 2s, 10m or 1h)");
  }

  @Test
  void zeroDuration_isRejected() {
    loading(edit("/mcp\n", "/mcp\n    idleTimeout: 0s\n"))
        .hasMessageStartingWith("t.yaml:4: upstreams.orders.idleTimeout: \"0s\"");
  }

  @Test
  void headerValueWithLineBreak_isRejected() {
    // a value from ${ENV} could smuggle a second header into every upstream request
    assertThatThrownBy(() -> new UpstreamSpec("orders", java.net.URI.create("http://127.0.0.1:1/mcp"), null, null,
        null, Map.of("X-Api-Key", "k\r\nX-Injected: 1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("headers.X-Api-Key: a value with control characters (expected: a single-line header value)");
    assertThatThrownBy(() -> new UpstreamSpec("orders", java.net.URI.create("http://127.0.0.1:1/mcp"), null, null,
        null, Map.of("Bad Name", "v")))
        .hasMessage("headers: 'Bad Name' (expected: an HTTP header name)");
  }

  @Test
  void unknownTier_isRejected() {
    loading(edit("tier: read", "tier: admin"))
        .hasMessage(
            "t.yaml:7: tools[0].tier: \"admin\" (expected one of: read, write, money,"
                + " irreversible)");
  }

  @Test
  void uppercaseTier_isRejected() {
    loading(edit("tier: read", "tier: READ"))
        .hasMessageStartingWith("t.yaml:7: tools[0].tier: \"READ\"");
  }

  @Test
  void nonStringTier_isRejected() {
    loading(edit("tier: read", "tier: 1"))
        .hasMessageStartingWith("t.yaml:7: tools[0].tier: 1 (expected:");
  }

  @Test
  void resourceRuleWithUndeclaredUpstream_isRejected() {
    loading(edit("  - upstream: orders\n    uri", "  - upstream: billing\n    uri"))
        .hasMessage(
            "t.yaml:14: resources[0].upstream: \"billing\" (expected one of the declared upstreams:"
                + " orders)");
  }

  @Test
  void promptRuleWithUndeclaredUpstream_isRejected() {
    loading(edit("  - upstream: orders\n    name", "  - upstream: billing\n    name"))
        .hasMessageStartingWith("t.yaml:17: prompts[0].upstream: \"billing\"");
  }

  @Test
  void duplicatePromptName_isRejected() {
    loading(BASE + "  - upstream: orders\n    name: summarize_order\n")
        .hasMessage(
            "t.yaml:20: prompts[1].name: \"summarize_order\" (expected: a unique prompt name; first"
                + " on line 18)");
  }

  @Test
  void nonHttpUrl_isRejected() {
    loading(edit("http://127.0.0.1:${PORT}/mcp", "ftp://127.0.0.1/mcp"))
        .hasMessage(
            "t.yaml:3: upstreams.orders.url: \"ftp://127.0.0.1/mcp\" (expected: an absolute http or"
                + " https URL)");
  }

  @Test
  void unparsableUrl_isRejected() {
    loading(edit("http://127.0.0.1:${PORT}/mcp", "\"http://exa mple/\""))
        .hasMessageStartingWith(
            "t.yaml:3: upstreams.orders.url: \"http://exa mple/\" (expected: an absolute http");
  }

  @Test
  void relativeUrl_isRejected() {
    loading(edit("http://127.0.0.1:${PORT}/mcp", "/mcp"))
        .hasMessageStartingWith("t.yaml:3: upstreams.orders.url: \"/mcp\"");
  }

  @Test
  void urlWithCredentials_isRejected() {
    loading(edit("http://127.0.0.1", "http://admin:secret@127.0.0.1"))
        .hasMessageStartingWith("t.yaml:3: upstreams.orders.url: ")
        .hasMessageNotContaining("secret");
  }

  @Test
  void unresolvedPlaceholder_isRejected() {
    assertThatThrownBy(() -> CatalogLoader.parse(BASE, "t.yaml", Map.of()))
        .isInstanceOf(CatalogException.class)
        .hasMessage(
            "t.yaml:3: upstreams.orders.url: ${PORT} is not set"
                + " (expected: a value for PORT in the environment)");
  }

  @Test
  void malformedPlaceholder_isRejected() {
    loading(edit("${PORT}", "${PO-RT}")).hasMessageStartingWith("t.yaml:3: upstreams.orders.url: ");
  }

  @Test
  void placeholderValue_cannotChangeStructure() {
    Catalog c =
        CatalogLoader.parse(
            edit("uri: \"orders://*\"", "uri: \"${GLOB}\""),
            "t.yaml",
            Map.of("PORT", "9101", "GLOB", "x\n  - upstream: orders\n    uri: \"*\""));

    org.assertj.core.api.Assertions.assertThat(c.resources()).hasSize(1);
    org.assertj.core.api.Assertions.assertThat(c.resourceAllowed("orders", "other://y")).isFalse();
  }

  @Test
  void duplicateYamlKey_isRejectedAtTheSecond() {
    loading(edit("    tier: read\n", "    tier: read\n    tier: write\n"))
        .hasMessage(
            "t.yaml:8: tools[0].tier: duplicate key (expected: each key once; first on line 7)");
  }

  @Test
  void yamlAlias_isRejected() {
    loading(edit("    tier: read\n", "    tier: &t read\n    description: *t\n"))
        .hasMessageStartingWith("t.yaml:8: tools[0].description: *t (expected: no YAML aliases");
  }

  @Test
  void malformedYaml_namesTheLine() {
    loading(edit("    tier: read\n", "    tier: [read\n"))
        .hasMessageStartingWith("t.yaml:")
        .hasMessageContaining("malformed YAML");
  }

  @Test
  void sensitiveNameNotInSchema_isRejected() {
    loading(edit("    tier: read\n", "    tier: read\n    sensitive: [order_idd]\n"))
        .hasMessage(
            "t.yaml:8: tools[0].sensitive: \"order_idd\" (expected: a top-level property of"
                + " inputSchema: order_id)");
  }

  @Test
  void reservedHeader_isRejected() {
    loading(edit("/mcp\n", "/mcp\n    headers: {Mcp-Session-Id: abc}\n"))
        .hasMessageStartingWith(
            "t.yaml:4: upstreams.orders.headers.Mcp-Session-Id: bad header name");
  }

  @Test
  void headerValueWithLineBreak_isRejected_withoutEchoingIt() {
    assertThatThrownBy(
            () ->
                CatalogLoader.parse(
                    edit("/mcp\n", "/mcp\n    headers: {X-Key: \"${KEY}\"}\n"),
                    "t.yaml",
                    Map.of("PORT", "1", "KEY", "s3cret\r\nX-Admin: yes")))
        .hasMessage(
            "t.yaml:4: upstreams.orders.headers.X-Key: bad value"
                + " (expected: a one-line string, number or boolean)");
  }

  @Test
  void badToolName_isRejected() {
    loading(edit("name: get_order", "name: get order"))
        .hasMessageStartingWith(
            "t.yaml:5: tools[0].name: \"get order\" (expected: 1-128 characters");
  }

  @Test
  void emptyFile_isRejected() {
    loading("# nothing\n").hasMessageStartingWith("t.yaml:1: empty file");
  }
}
