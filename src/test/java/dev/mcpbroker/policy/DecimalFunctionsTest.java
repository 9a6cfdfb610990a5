package dev.mcpbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.runtime.CelEvaluationException;
import java.math.BigDecimal;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DecimalFunctionsTest {
  /** The grammar the hand-written scanner implements, as the regex it replaced. */
  private static final Pattern GRAMMAR = Pattern.compile("[+-]?[0-9]{1,30}(\\.[0-9]{1,18})?");

  @ParameterizedTest
  @ValueSource(strings = {"0", "50.00", "-1", "+7.5", "000", "123456789012345678901234567890",
      "1.123456789012345678"})
  void plainDecimals_areAccepted(String s) throws CelEvaluationException {
    assertThat(DecimalFunctions.isDecimal(s)).isTrue();
    assertThat(DecimalFunctions.parse("decimal_le", s)).isEqualByComparingTo(new BigDecimal(s));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "+", ".5", "5.", "1e309", "1E3", "NaN", "Infinity", "0x10", " 5", "5 ",
      "1,00", "1.2.3", "\u0665", "1234567890123456789012345678901", "1.1234567890123456789", "--1", "+-1"})
  void anythingElse_isAnEvaluationErrorNamingTheValue(String s) {
    assertThat(DecimalFunctions.isDecimal(s)).isFalse();
    assertThatThrownBy(() -> DecimalFunctions.parse("decimal_le", s))
        .isInstanceOf(CelEvaluationException.class).hasMessageContaining("decimal_le").hasMessageContaining(s);
  }

  @Test
  void scanner_agreesWithTheGrammar_onRandomStrings() {
    Random random = new Random(42);
    String alphabet = "0123456789+-.eE x";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder();
      int len = random.nextInt(i % 10 == 0 ? 40 : 8);
      for (int j = 0; j < len; j++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = b.toString();
      assertThat(DecimalFunctions.isDecimal(s)).as(s).isEqualTo(GRAMMAR.matcher(s).matches());
    }
  }
}
