package dev.mcpbroker.redteam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A scenario file with a typo fails loudly, naming the file and the field, instead of silently
 * dropping an expectation; and every shipped scenario file reads.
 */
class ScenarioFormatTest {
  private static final String GOOD = """
      id: NAME
      title: t
      threat: [LLM01]
      layer: policy
      principal: {agent: refund-agent, subject: fmt-customer}
      orders:
        - {id: ord_9100, total: "10.00"}
      steps:
        - {call: get_order, args: {order_id: ord_9100}, expect: allowed}
      """;

  private static Scenario read(String name, String yaml) throws Exception {
    Path file = Files.createTempDirectory("scenario").resolve(name + ".yaml");
    Files.writeString(file, yaml.replace("NAME", name));
    return Scenario.read(file);
  }

  @Test
  void aGoodFile_reads() throws Exception {
    Scenario s = read("good", GOOD);
    assertThat(s.layer()).isEqualTo(Layer.POLICY);
    assertThat(s.orders()).singleElement().satisfies(o -> {
      assertThat(o.customer()).isEqualTo("fmt-customer");
      assertThat(o.currency()).isEqualTo("EUR");
    });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown top key       | layer: policy                         | layer: policy\\nexpects: 1            | unknown key \"expects\"",
      "unknown threat        | threat: [LLM01]                       | threat: [LLM11]                        | threat \"LLM11\"",
      "unknown layer         | layer: policy                         | layer: firewall                        | layer: \"firewall\"",
      "step without expect   | , expect: allowed}                    | }                                      | expect: missing",
      "unknown step kind     | '- {call: get_order'                  | '- {invoke: get_order'                 | kind \"invoke\"",
      "typo in expect        | expect: allowed}                      | expect: {denid: x}}                    | unknown key \"denid\"",
      "order outside range   | ord_9100, total                       | ord_0042, total                        | reserved for the suite",
      "forged token unknown  | subject: fmt-customer}                | subject: fmt-customer, token: magic}   | token \"magic\""})
  void aTypo_isAnErrorNamingTheField(String name, String from, String to, String message) throws Exception {
    String yaml = GOOD.replace(from.strip().replace("'", ""), to.strip().replace("'", "").replace("\\n", "\n"));
    assertThat(yaml).isNotEqualTo(GOOD);
    assertThatThrownBy(() -> read("bad", yaml)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.yaml").hasMessageContaining(message.strip());
  }

  @Test
  void everyShippedScenario_reads() throws Exception {
    assertThat(RedTeamSuiteTest.scenarios()).hasSizeGreaterThanOrEqualTo(60)
        .allSatisfy(s -> assertThat(s.steps()).isNotEmpty());
  }
}
