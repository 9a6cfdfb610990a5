package dev.mcpbroker.redteam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.audit.AuditKeys;
import dev.mcpbroker.audit.AuditQuery;
import dev.mcpbroker.audit.AuditVerifier;
import dev.mcpbroker.audit.VerifyReport;
import dev.mcpbroker.backends.refunds.LedgerEntry;
import dev.mcpbroker.backends.refunds.LedgerView;
import dev.mcpbroker.cli.Demo;
import dev.mcpbroker.config.AuditSettings;
import io.micrometer.core.instrument.Counter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo stack the suite attacks, started once the way {@code mcp-broker demo} starts it (the three
 * reference backends on one fresh H2 file database, the broker with the shipped {@code tools.yaml}
 * and {@code policies.yaml}, a fresh audit log), and the readings the oracle takes of it.
 */
final class Stack implements AutoCloseable {
  final Demo demo;
  final Path dataDir;

  private Stack(Demo demo, Path dataDir) {
    this.demo = demo;
    this.dataDir = dataDir;
  }

  static Stack start() throws Exception {
    Path root = Files.createTempDirectory("mcp-broker-redteam");
    Path config = Files.createDirectory(root.resolve("config"));
    Path data = root.resolve("demo-db");
    // the shipped catalog and policy, byte for byte; broker.yaml as shipped too (dev issuer, loopback)
    for (String f : List.of("tools.yaml", "policies.yaml", "broker.yaml")) {
      Files.copy(Path.of("config", f), config.resolve(f));
    }
    return new Stack(Demo.start(config, data, 0, Map.of()), data);
  }

  /** Inserts the scenario's customers and orders (one line item each), in one transaction. */
  void insert(List<Scenario.OrderFixture> orders) {
    demo.database().inTransaction("red-team fixtures", c -> {
      for (Scenario.OrderFixture o : orders) {
        try (PreparedStatement s = c.prepareStatement("MERGE INTO customers (customer_id, name) KEY (customer_id) VALUES (?, ?)")) {
          s.setString(1, o.customer());
          s.setString(2, "Red team " + o.customer());
          s.executeUpdate();
        }
        String status = o.refunded().signum() == 0 ? "delivered"
            : o.refunded().compareTo(o.total()) == 0 ? "refunded" : "partially_refunded";
        try (PreparedStatement s = c.prepareStatement("INSERT INTO orders (order_id, customer_id, status, currency, total,"
            + " refunded) VALUES (?, ?, ?, ?, ?, ?)")) {
          s.setString(1, o.id());
          s.setString(2, o.customer());
          s.setString(3, status);
          s.setString(4, o.currency());
          s.setBigDecimal(5, o.total());
          s.setBigDecimal(6, o.refunded());
          s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO order_items (order_id, line_no, sku, name, quantity,"
            + " unit_price) VALUES (?, 1, 'RT-ITEM', 'Red team item', 1, ?)")) {
          s.setString(1, o.id());
          s.setBigDecimal(2, o.total());
          s.executeUpdate();
        }
      }
      return null;
    });
  }

  List<LedgerEntry> ledger() {
    return new LedgerView(demo.database()).all();
  }

  /** One row of the orders backend's record of what it served. */
  record Served(long id, String caller, String owner, String orderId, String tool) {}

  List<Served> servedSince(long afterId) {
    return demo.database().inTransaction("read orders_served", c -> {
      List<Served> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT id, caller_customer_id, owner_customer_id, order_id, tool"
          + " FROM orders_served WHERE id > ? ORDER BY id")) {
        s.setLong(1, afterId);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(new Served(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5)));
          }
        }
      }
      return out;
    });
  }

  long lastServedId() {
    return demo.database().inTransaction("read orders_served", (Connection c) -> {
      try (ResultSet r = c.createStatement().executeQuery("SELECT COALESCE(MAX(id), 0) FROM orders_served")) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  /** Order totals and refunded amounts as the database holds them now. */
  Optional<BigDecimal[]> order(String orderId) {
    return demo.database().inTransaction("read order", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT total, refunded FROM orders WHERE order_id = ?")) {
        s.setString(1, orderId);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(new BigDecimal[] {r.getBigDecimal(1), r.getBigDecimal(2)}) : Optional.empty();
        }
      }
    });
  }

  /** Waits until every audit entry appended so far is on disk. */
  void flushAudit() throws Exception {
    demo.broker().audit().checkpoint().get(10, TimeUnit.SECONDS);
  }

  long auditSize() {
    return demo.broker().audit().size();
  }

  List<JsonNode> auditSince(long seq) throws Exception {
    try (Stream<JsonNode> all = AuditQuery.run(audit().dir(), AuditQuery.Filter.ALL)) {
      return all.filter(e -> e.path("seq").asLong(-1) >= seq).toList();
    }
  }

  VerifyReport verifyAudit() throws Exception {
    return AuditVerifier.verify(audit().dir(), AuditKeys.readPublicKey(audit().publicKeyFile()), Optional.empty());
  }

  private AuditSettings audit() {
    return AuditSettings.under(dataDir);
  }

  /** Every denial counted so far, by "tool reason". */
  Map<String, Double> denials() {
    Map<String, Double> out = new TreeMap<>();
    for (Counter c : demo.broker().metrics().registry().find("mcp.broker.denials").counters()) {
      out.merge(c.getId().getTag("tool") + " " + c.getId().getTag("reason"), c.count(), Double::sum);
    }
    return out;
  }

  @Override
  public void close() {
    demo.close();
  }
}
