package dev.mcpbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.RecordingUpstream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the mcp-broker command line as an operator would: bad configuration, bad usage, pins. */
class CliTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private void devBrokerYaml(String server) throws Exception {
    Files.writeString(dir.resolve("broker.yaml"), server + "auth:\n  devIssuer: true\n  devIssuerKeyFile: "
        + dir.resolve("key.json") + "\n");
  }

  @Test
  void catalogNamingAMissingUpstream_failsStartup_namingTheLine() throws Exception {
    devBrokerYaml("");
    Files.writeString(dir.resolve("tools.yaml"), """
        upstreams:
          a: {url: "http://127.0.0.1:1/mcp"}
        tools:
          - {name: t, upstream: nowhere, tier: read, pin: "sha256:%s", inputSchema: {type: object}}
        """.formatted("0".repeat(64)));
    assertThat(run("run", "--config", dir.toString())).isEqualTo(2);
    assertThat(err()).contains("configuration rejected").contains("tools.yaml:4").contains("nowhere");
  }

  @Test
  void brokenPolicy_failsStartup_namingTheLine() throws Exception {
    devBrokerYaml("server: {port: 0}\n");
    Files.writeString(dir.resolve("tools.yaml"), """
        upstreams:
          a: {url: "http://127.0.0.1:1/mcp"}
        tools:
          - {name: t, upstream: a, tier: read, pin: "sha256:%s", inputSchema: {type: object}}
        """.formatted("0".repeat(64)));
    Files.writeString(dir.resolve("policies.yaml"), """
        version: 1
        rules:
          - {id: t, tools: [t], effect: permit, when: "args.x =="}
        """);
    assertThat(run("run", "--config", dir.toString())).isEqualTo(2);
    assertThat(err()).contains("configuration rejected").contains("policies.yaml:3");
  }

  @Test
  void policyTest_runsTheShippedPolicysTests() {
    assertThat(run("policy", "test", "config")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 failed");
    assertThat(run("policy", "frobnicate")).isEqualTo(2);
  }

  @Test
  void unknownKeyInBrokerYaml_failsStartup() throws Exception {
    Files.writeString(dir.resolve("broker.yaml"), "server:\n  prot: 9000\n");
    assertThat(run("run", "--config", dir.toString())).isEqualTo(2);
    assertThat(err()).contains("broker.yaml:2").contains("prot").contains("unknown key");
  }

  @Test
  void developmentIssuer_onANonLoopbackBind_isRefused() throws Exception {
    devBrokerYaml("server:\n  host: 0.0.0.0\n");
    assertThat(run("run", "--config", dir.toString())).isEqualTo(2);
    assertThat(err()).contains("server.host: 0.0.0.0").contains("loopback").contains("devIssuer");
  }

  @Test
  void missingAuthSection_failsStartup_noSwitchTurnsAuthenticationOff() throws Exception {
    Files.writeString(dir.resolve("broker.yaml"), "server:\n  port: 9000\n");
    assertThat(run("run", "--config", dir.toString())).isEqualTo(2);
    assertThat(err()).contains("auth: missing");
  }

  @Test
  void tokenMint_printsADevelopmentSessionToken() throws Exception {
    devBrokerYaml("");
    assertThat(run("token", "mint", "--agent", "refund-agent", "--for", "customer-42", "--ttl", "5m",
        "--scope", "mcp:tools", "--config", dir.toString())).as(err()).isZero();
    String jwt = out.toString(StandardCharsets.UTF_8).trim();
    assertThat(jwt.split("\\.")).hasSize(3);
    String claims = new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    assertThat(claims).contains("\"client_id\":\"refund-agent\"").contains("\"sub\":\"customer-42\"")
        .contains("\"aud\":\"http://127.0.0.1:8080/mcp\"");
    assertThat(run("token", "mint", "--agent", "a", "--for", "b", "--ttl", "2h", "--config", dir.toString())).isEqualTo(2);
  }

  @Test
  void badUsage_printsUsage() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(run("run", "--bogus", "1")).isEqualTo(2);
    assertThat(run("run", "--port", "99999")).isEqualTo(2);
    assertThat(err()).contains("frobnicate: unknown command").contains("--bogus: unknown option")
        .contains("--port: 99999").contains("usage: mcp-broker");
  }

  @Test
  void catalogPins_verifiesThenFlagsARugPull() throws Exception {
    try (RecordingUpstream upstream = new RecordingUpstream()) {
      Files.writeString(dir.resolve("tools.yaml"), """
          upstreams:
            rec: {url: "%s"}
          tools:
            - {name: echo, upstream: rec, tier: read, pin: "%s", inputSchema: {type: object, properties: {text: {type: string}}}}
          """.formatted(upstream.url(), BrokerUnderTest.livePin(upstream.url(), "echo")));
      assertThat(run("catalog", "pins", "--config", dir.toString())).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("echo").contains("VERIFIED");

      upstream.rugPullEcho("changed");
      out.reset();
      assertThat(run("catalog", "pins", "--config", dir.toString())).isEqualTo(1);
      // the hash to re-pin is the changed definition's, printed on the tool's line
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("PIN_MISMATCH").contains("do not verify")
          .containsPattern("echo .*PIN_MISMATCH +" + java.util.regex.Pattern.quote(BrokerUnderTest.livePin(upstream.url(), "echo")));
    }
  }
}
