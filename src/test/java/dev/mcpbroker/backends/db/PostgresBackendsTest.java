package dev.mcpbroker.backends.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.backends.orders.Currency;
import dev.mcpbroker.backends.orders.DemoSeed;
import dev.mcpbroker.backends.orders.JdbcOrderBook;
import dev.mcpbroker.backends.refunds.FakePaymentsProvider;
import dev.mcpbroker.backends.refunds.LedgerView;
import dev.mcpbroker.backends.refunds.RefundDesk;
import dev.mcpbroker.backends.refunds.RefundOutcome;
import dev.mcpbroker.backends.refunds.RefundRequest;
import dev.mcpbroker.backends.refunds.RefundsConfig;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference backends on a real PostgreSQL server (started by integration-tests/postgres.sh,
 * which installs it from Debian's packages where missing): migrations, seed, a refund, durability
 * across a reconnect, and concurrent refunds serialized by the row lock.
 */
class PostgresBackendsTest {
  private static Path dir;
  private static DatabaseConfig config;

  @BeforeAll
  static void startPostgres() throws Exception {
    // its own directory under the system temp dir: the postgres user must be able to reach it,
    // which a checkout inside a private (0700) directory would not allow
    dir = java.nio.file.Files.createTempDirectory("mcp-broker-pg");
    Process p = new ProcessBuilder("bash", "integration-tests/postgres.sh", "start", dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String url = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("postgres.sh start").isZero();
    assertThat(url).startsWith("jdbc:postgresql://127.0.0.1:");
    config = new DatabaseConfig(url, "postgres", "");
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    new ProcessBuilder("bash", "integration-tests/postgres.sh", "stop", dir.toString()).inheritIO().start()
        .waitFor(60, TimeUnit.SECONDS);
  }

  private static RefundRequest refund(String orderId, String amount, Currency currency) {
    return new RefundRequest(orderId, new BigDecimal(amount), currency, "damaged in transit");
  }

  @Test
  void threeBackendsStartingTogether_onAnEmptyDatabase_migrateAndSeedItOnce() throws Exception {
    String name = "race_" + System.nanoTime();
    try (var c = java.sql.DriverManager.getConnection(config.url(), config.user(), config.password());
        var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    DatabaseConfig fresh = new DatabaseConfig(config.url().substring(0, config.url().lastIndexOf('/') + 1) + name,
        config.user(), config.password());
    ExecutorService starts = Executors.newFixedThreadPool(3);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<Integer>>> migrated = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      migrated.add(starts.submit(() -> {
        go.await();
        try (Database db = Database.open(fresh, DemoSeed.INSTANCE)) {
          return db.migratedNow();
        }
      }));
    }
    go.countDown();
    List<Integer> all = new ArrayList<>();
    for (Future<List<Integer>> f : migrated) {
      all.addAll(f.get(60, TimeUnit.SECONDS)); // none of the three starts fails
    }
    starts.shutdown();
    assertThat(all).as("each migration applied by exactly one of the three").containsExactlyInAnyOrder(1, 2, 3);
    try (Database db = Database.open(fresh, DemoSeed.INSTANCE);
        var c = db.connect();
        var s = c.createStatement();
        var r = s.executeQuery("SELECT COUNT(*) FROM orders WHERE order_id = 'ord_0042'")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getInt(1)).as("seeded once").isEqualTo(1);
    }
  }

  @Test
  void migrationsSeedRefundsAndLocks_workOnPostgres() throws Exception {
    try (Database db = Database.open(config, DemoSeed.INSTANCE)) {
      assertThat(new JdbcOrderBook(db).find("ord_0042", Optional.empty())).isPresent();
      RefundDesk desk = new RefundDesk(db, RefundsConfig.withKey("k"), new FakePaymentsProvider("k"));
      assertThat(desk.issue(refund("ord_0042", "40.00", Currency.EUR), Optional.of("customer-42"), "pg-1"))
          .isInstanceOf(RefundOutcome.Issued.class);
      assertThat(desk.issue(refund("ord_0042", "40.00", Currency.EUR), Optional.of("customer-42"), "pg-1"))
          .as("the same key pays once").isInstanceOfSatisfying(RefundOutcome.Issued.class, i -> assertThat(i.replayed()).isTrue());
      assertThat(desk.issue(refund("ord_0001", "1.00", Currency.EUR), Optional.of("customer-42"), "pg-2"))
          .as("another customer's order").isInstanceOf(RefundOutcome.Refused.class);

      // twenty concurrent refunds of 25.00 with distinct keys on ord_0043 (89.99 refundable): the
      // row lock lets exactly three through
      ExecutorService pool = Executors.newFixedThreadPool(20);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<RefundOutcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String key = "pg-c" + i;
        outcomes.add(pool.submit(() -> {
          go.await();
          return desk.issue(refund("ord_0043", "25.00", Currency.USD), Optional.of("customer-42"), key);
        }));
      }
      go.countDown();
      int issued = 0;
      for (Future<RefundOutcome> f : outcomes) {
        issued += f.get(60, TimeUnit.SECONDS) instanceof RefundOutcome.Issued ? 1 : 0;
      }
      pool.shutdown();
      assertThat(issued).isEqualTo(3);
    }
    try (Database reopened = Database.open(config, DemoSeed.INSTANCE)) {
      assertThat(reopened.migratedNow()).as("migrations run once").isEmpty();
      BigDecimal moved = new LedgerView(reopened).all().stream().map(e -> e.amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(moved).isEqualByComparingTo("115.00"); // 40.00 + 3 x 25.00, durable across connections
    }
  }
}
