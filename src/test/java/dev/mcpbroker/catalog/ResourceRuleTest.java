package dev.mcpbroker.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceRuleTest {
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "orders://*,            orders://o-1,                 true",
    "orders://*,            orders://,                    true",
    "orders://*,            orders://a/b/c,               true",
    "orders://*,            orders:/x,                    false",
    "orders://*,            xorders://o-1,                false",
    "orders://*,            refunds://o-1,                false",
    "orders://*/lines,      orders://o-1/lines,           true",
    "orders://*/lines,      orders://o-1/lines/2,         false",
    "orders://{id},         orders://{id},                true",
    "orders://{id},         orders://o-1,                 false",
    "*,                     anything://at/all,            true",
    "a*b*c,                 abbbc,                        true",
    "a*b*c,                 acb,                          false",
    "file:///etc/hosts,     file:///etc/hosts,            true",
    "file:///etc/hosts,     file:///etc/hostsX,           false",
    "db://?.sql,            db://x.sql,                   false",
  })
  void glob_matchesWholeUriOrTemplate(String glob, String uri, boolean expected) {
    assertThat(new ResourceRule("up", glob).matches(uri)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"orders://*", "orders://**"})
  void pathologicalInput_isLinearEnough(String glob) {
    String uri = "orders://" + "a".repeat(100_000);
    assertThat(new ResourceRule("up", glob + "b").matches(uri)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"orders://*"})
  void null_neverMatches(String glob) {
    assertThat(new ResourceRule("up", glob).matches(null)).isFalse();
  }
}
