package dev.mcpbroker.backends.escalations;

import dev.mcpbroker.backends.db.Database;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Opens tickets and lists them for humans. */
public final class TicketDesk {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database db;

  /** Keeps tickets in {@code db}. */
  public TicketDesk(Database db) {
    this.db = db;
  }

  /**
   * Opens a ticket; returns it, or empty when {@code orderId} names no order the caller may see
   * ({@code customer} scoped: only that customer's).
   */
  public Optional<Ticket> open(String summary, String orderId, Optional<String> customer) {
    return db.inTransaction("escalate", c -> {
      if (orderId != null) {
        String sql = "SELECT customer_id FROM orders WHERE order_id = ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
          s.setString(1, orderId);
          try (ResultSet r = s.executeQuery()) {
            if (!r.next() || !customer.map(r.getString(1)::equals).orElse(true)) {
              return Optional.empty(); // another customer's order reads like a missing one
            }
          }
        }
      }
      byte[] bytes = new byte[10];
      RANDOM.nextBytes(bytes);
      Ticket t = new Ticket("tk_" + HexFormat.of().formatHex(bytes), summary, orderId,
          customer.orElse(null), "open",
          OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
      try (PreparedStatement s = c.prepareStatement("INSERT INTO tickets (ticket_id, summary,"
          + " order_id, customer_id, status, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        s.setString(1, t.ticketId());
        s.setString(2, t.summary());
        s.setString(3, t.orderId());
        s.setString(4, t.customerId());
        s.setString(5, t.status());
        s.setObject(6, t.createdAt());
        s.executeUpdate();
      }
      return Optional.of(t);
    });
  }

  /** Lists every ticket, oldest first. */
  public List<Ticket> list() {
    return db.inTransaction("listing tickets", c -> {
      List<Ticket> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT ticket_id, summary, order_id,"
              + " customer_id, status, created_at FROM tickets ORDER BY created_at, ticket_id");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new Ticket(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
              r.getString(5), r.getObject(6, OffsetDateTime.class)));
        }
      }
      return out;
    });
  }
}
