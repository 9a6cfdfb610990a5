package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.policy.PolicyWatcher;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.RecordingUpstream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A platform team changes what agents may call by editing tools.yaml: the change takes effect on
 * the running broker (tools/list, schema enforcement, new tools) without a restart; a broken file
 * or a changed upstream never takes effect and the catalog in force stays.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogReloadTest {
  private static RecordingUpstream upstream;
  private static BrokerUnderTest broker;
  private static String echoPin;
  private static String hiddenPin;

  private static String catalog(String echoSchema, boolean withHidden) {
    return """
        upstreams:
          rec: {url: "${URL}"}
        tools:
          - {name: say, upstream: rec, upstreamTool: echo, tier: read, pin: "%s", inputSchema: %s}
        """.formatted(echoPin, echoSchema)
        + (withHidden ? "  - {name: secret, upstream: rec, upstreamTool: hidden, tier: read, pin: \"" + hiddenPin
            + "\", inputSchema: {\"type\":\"object\",\"properties\":{}}}\n" : "");
  }

  private static String policy(boolean withSecret) {
    return """
        version: 1
        rules:
          - {id: say-anything, tools: [say], effect: permit}
        """ + (withSecret ? "  - {id: secret-too, tools: [secret], effect: permit}\n" : "");
  }

  @BeforeAll
  static void start() throws Exception {
    upstream = new RecordingUpstream();
    echoPin = BrokerUnderTest.livePin(upstream.url(), "echo");
    hiddenPin = BrokerUnderTest.livePin(upstream.url(), "hidden");
    broker = BrokerUnderTest.start(catalog(RecordingUpstream.ECHO_SCHEMA, false), policy(false),
        BrokerUnderTest.env("URL", upstream.url().toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
    upstream.close();
  }

  private static List<String> toolNames(McpHttp client, String session) throws Exception {
    JsonNode tools = client.post(session, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}").last()
        .path("result").path("tools");
    List<String> names = new ArrayList<>();
    tools.forEach(t -> names.add(t.path("name").asText()));
    return names;
  }

  private static PolicyWatcher.Outcome reload() {
    return broker.broker().policyWatcher().reloadNow();
  }

  @Test
  @Order(1)
  void tightenedSchema_isEnforcedWithoutARestart() throws Exception {
    McpHttp client = broker.client();
    String session = client.initialize("2025-11-25");
    assertThat(client.callTool(session, 1, "say", "{\"text\":\"a long sentence\"}").path("result")
        .path("isError").asBoolean()).isFalse();

    Files.writeString(broker.catalogFile(), catalog(
        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"maxLength\":5}},\"required\":[\"text\"]}",
        false));
    PolicyWatcher.Outcome o = reload();

    assertThat(o.ok()).as(o.message()).isTrue();
    JsonNode listed = client.post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").last();
    assertThat(listed.path("result").path("tools").path(0).path("inputSchema").path("properties").path("text")
        .path("maxLength").asInt()).isEqualTo(5);
    int before = upstream.calls();
    JsonNode refused = client.callTool(session, 3, "say", "{\"text\":\"a long sentence\"}").path("result");
    assertThat(refused.path("isError").asBoolean()).isTrue();
    assertThat(refused.path("content").path(0).path("text").asText()).contains("text");
    assertThat(upstream.calls()).isEqualTo(before);
  }

  @Test
  @Order(2)
  void newTool_withItsRule_isExposedAndCallable_andRemovingItWithdrawsIt() throws Exception {
    McpHttp client = broker.client();
    String session = client.initialize("2025-11-25");
    assertThat(toolNames(client, session)).containsExactly("say");

    Files.writeString(broker.policyFile(), policy(true));
    Files.writeString(broker.catalogFile(), catalog(RecordingUpstream.ECHO_SCHEMA, true));
    PolicyWatcher.Outcome added = reload();

    assertThat(added.ok()).as(added.message()).isTrue();
    assertThat(toolNames(client, session)).containsExactly("say", "secret");
    assertThat(client.callTool(session, 4, "secret", "{}").path("result").path("content").path(0).path("text")
        .asText()).isEqualTo("hidden ran");

    Files.writeString(broker.policyFile(), policy(false));
    Files.writeString(broker.catalogFile(), catalog(RecordingUpstream.ECHO_SCHEMA, false));
    PolicyWatcher.Outcome removed = reload();

    assertThat(removed.ok()).as(removed.message()).isTrue();
    assertThat(toolNames(client, session)).containsExactly("say");
    JsonNode gone = client.callTool(session, 5, "secret", "{}");
    assertThat(gone.path("error").path("code").asInt()).isEqualTo(-32602);
  }

  @Test
  @Order(3)
  void brokenCatalog_isRejectedWithItsLine_andTheCatalogInForceStays() throws Exception {
    String inForce = Files.readString(broker.catalogFile());
    Files.writeString(broker.catalogFile(), inForce.replace("tier: read", "tier: readonly"));
    PolicyWatcher.Outcome o = reload();

    assertThat(o.ok()).isFalse();
    assertThat(o.message()).startsWith("tools.yaml:").contains("tier");
    McpHttp client = broker.client();
    String session = client.initialize("2025-11-25");
    assertThat(toolNames(client, session)).containsExactly("say");
    assertThat(client.callTool(session, 6, "say", "{\"text\":\"hi\"}").path("result").path("isError").asBoolean())
        .isFalse();
    Files.writeString(broker.catalogFile(), inForce);
  }

  @Test
  @Order(4)
  void changedUpstream_isRejected_becauseItNeedsARestart() throws Exception {
    String inForce = Files.readString(broker.catalogFile());
    Files.writeString(broker.catalogFile(), inForce.replace("rec: {url: \"${URL}\"}",
        "rec: {url: \"http://127.0.0.1:1/mcp\"}"));
    PolicyWatcher.Outcome o = reload();

    assertThat(o.ok()).isFalse();
    assertThat(o.message()).contains("upstreams").contains("restart");
    McpHttp client = broker.client();
    String session = client.initialize("2025-11-25");
    assertThat(client.callTool(session, 7, "say", "{\"text\":\"hi\"}").path("result").path("content").path(0)
        .path("text").asText()).isEqualTo("echo: hi");
    Files.writeString(broker.catalogFile(), inForce);
  }

  @Test
  @Order(5)
  void editingTheFile_isPickedUpByTheWatcher() throws Exception {
    long before = broker.broker().policyWatcher().accepted();
    Files.writeString(broker.catalogFile(), catalog(
        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"maxLength\":7}},\"required\":[\"text\"]}",
        false));
    McpHttp client = broker.client();
    String session = client.initialize("2025-11-25");
    long deadline = System.nanoTime() + 20_000_000_000L;
    int maxLength = 0;
    while (System.nanoTime() < deadline && maxLength != 7) {
      Thread.sleep(100);
      maxLength = client.post(session, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\"}").last()
          .path("result").path("tools").path(0).path("inputSchema").path("properties").path("text")
          .path("maxLength").asInt();
    }
    assertThat(maxLength).isEqualTo(7);
    assertThat(broker.broker().policyWatcher().accepted()).isGreaterThan(before);
  }
}
