package dev.mcpbroker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MainTest {
  private final String saved = System.getProperty(Main.COMMON_PARALLELISM);

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(Main.COMMON_PARALLELISM);
    } else {
      System.setProperty(Main.COMMON_PARALLELISM, saved);
    }
  }

  @Test
  void twoCores_getACommonPoolOfTwo() {
    System.clearProperty(Main.COMMON_PARALLELISM);
    Main.ensureAsyncPool(2);
    assertThat(System.getProperty(Main.COMMON_PARALLELISM)).isEqualTo("2");
  }

  @Test
  void operatorsChoice_isKept() {
    System.setProperty(Main.COMMON_PARALLELISM, "1");
    Main.ensureAsyncPool(1);
    assertThat(System.getProperty(Main.COMMON_PARALLELISM)).isEqualTo("1");
  }

  @Test
  void largerMachines_keepTheJdkDefault() {
    System.clearProperty(Main.COMMON_PARALLELISM);
    Main.ensureAsyncPool(8);
    assertThat(System.getProperty(Main.COMMON_PARALLELISM)).isNull();
  }
}
