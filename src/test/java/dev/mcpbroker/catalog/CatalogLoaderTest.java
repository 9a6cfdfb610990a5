package dev.mcpbroker.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {
  static final Map<String, String> ENV = Map.of("ORDERS_PORT", "9101");

  static Path resource(String name) throws Exception {
    return Path.of(CatalogLoaderTest.class.getResource("/catalog/" + name).toURI());
  }

  @Test
  void goodCatalog_loadsEverythingInFileOrder() throws Exception {
    Catalog c = CatalogLoader.load(resource("good.yaml"), ENV);

    assertThat(c.upstreams()).containsOnlyKeys("orders", "refunds");
    assertThat(c.upstreams().keySet()).containsExactly("orders", "refunds");
    assertThat(c.tools().keySet()).containsExactly("get_order", "refund_order", "list_orders");
    assertThat(c.resources())
        .containsExactly(
            new ResourceRule("orders", "orders://*"),
            new ResourceRule("refunds", "refunds://ledger/*"));
    assertThat(c.prompts()).containsExactly(new PromptRule("orders", "summarize_order"));
  }

  @Test
  void upstream_readsUrlTimeoutsAndHeaders_withPlaceholdersResolved() throws Exception {
    UpstreamSpec orders = CatalogLoader.load(resource("good.yaml"), ENV).upstreams().get("orders");

    assertThat(orders.url()).isEqualTo(URI.create("http://127.0.0.1:9101/mcp"));
    assertThat(orders.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(orders.callTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(orders.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(orders.headers()).containsExactly(Map.entry("X-Api-Version", "1"));
  }

  @Test
  void upstreamAudience_isConfigured_orDefaultsToTheUrl() throws Exception {
    Catalog c = CatalogLoader.load(resource("good.yaml"), ENV);
    assertThat(c.upstreams().get("refunds").audience()).isEqualTo("urn:backend:refunds");
    assertThat(c.upstreams().get("orders").audience()).isEqualTo("http://127.0.0.1:9101/mcp");
  }

  @Test
  void upstream_withoutTimeouts_getsDefaults() throws Exception {
    UpstreamSpec refunds =
        CatalogLoader.load(resource("good.yaml"), ENV).upstreams().get("refunds");

    assertThat(refunds.connectTimeout()).isEqualTo(UpstreamSpec.DEFAULT_CONNECT_TIMEOUT);
    assertThat(refunds.callTimeout()).isEqualTo(UpstreamSpec.DEFAULT_CALL_TIMEOUT);
    assertThat(refunds.idleTimeout()).isEqualTo(UpstreamSpec.DEFAULT_IDLE_TIMEOUT);
    assertThat(refunds.headers()).isEmpty();
  }

  @Test
  void tool_readsEveryField() throws Exception {
    ToolSpec refund =
        CatalogLoader.load(resource("good.yaml"), ENV).tool("refund_order").orElseThrow();

    assertThat(refund.upstream()).isEqualTo("refunds");
    assertThat(refund.upstreamTool()).isEqualTo("create_refund");
    assertThat(refund.tier()).isEqualTo(Tier.MONEY);
    assertThat(refund.pin()).endsWith("0002");
    assertThat(refund.description()).startsWith("Refund part");
    assertThat(refund.sensitive()).containsExactly("card_number");
    assertThat(refund.inputSchema().at("/properties/amount/maximum").asInt()).isEqualTo(500);
    assertThat(refund.inputSchema().has("unevaluatedProperties")).as("shown as written").isFalse();
    assertThat(refund.schema().validate(null))
        .containsExactly("order_id: required", "amount: required");
  }

  @Test
  void tool_withoutUpstreamToolOrDescription_defaultsToItsNameAndNull() throws Exception {
    ToolSpec get = CatalogLoader.load(resource("good.yaml"), ENV).tool("get_order").orElseThrow();

    assertThat(get.upstreamTool()).isEqualTo("get_order");
    assertThat(get.description()).isNull();
    assertThat(get.sensitive()).isEmpty();
  }

  @Test
  void lookups_findToolsByPublicAndUpstreamName() throws Exception {
    Catalog c = CatalogLoader.load(resource("good.yaml"), ENV);

    assertThat(c.tool("nope")).isEmpty();
    assertThat(c.toolByUpstreamName("refunds", "create_refund"))
        .map(ToolSpec::name)
        .hasValue("refund_order");
    assertThat(c.toolByUpstreamName("refunds", "refund_order")).isEmpty();
    assertThat(c.toolsOf("orders"))
        .extracting(ToolSpec::name)
        .containsExactly("get_order", "list_orders");
    assertThat(c.toolsOf("elsewhere")).isEmpty();
  }

  @Test
  void lookups_routeResourcesAndPromptsByRule() throws Exception {
    Catalog c = CatalogLoader.load(resource("good.yaml"), ENV);

    assertThat(c.upstreamForResource("orders://o-1")).hasValue("orders");
    assertThat(c.upstreamForResource("refunds://ledger/2026")).hasValue("refunds");
    assertThat(c.upstreamForResource("refunds://admin")).isEmpty();
    assertThat(c.resourceAllowed("orders", "orders://{order_id}")).isTrue();
    assertThat(c.resourceAllowed("refunds", "orders://o-1")).isFalse();
    assertThat(c.upstreamForPrompt("summarize_order")).hasValue("orders");
    assertThat(c.promptAllowed("orders", "summarize_order")).isTrue();
    assertThat(c.promptAllowed("refunds", "summarize_order")).isFalse();
    assertThat(c.upstreamForPrompt("other")).isEmpty();
  }

  @Test
  void catalog_isImmutable() throws Exception {
    Catalog c = CatalogLoader.load(resource("good.yaml"), ENV);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.tools().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.resources().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void minimalCatalog_withoutResourcesOrPrompts_isAccepted() {
    Catalog c = CatalogLoader.parse("upstreams: {}\ntools: []\n", "t.yaml", Map.of());

    assertThat(c.tools()).isEmpty();
    assertThat(c.resources()).isEmpty();
    assertThat(c.prompts()).isEmpty();
  }
}
