package dev.mcpbroker.audit;

import dev.mcpbroker.json.CanonicalJson;
import dev.mcpbroker.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Shared fixtures: a signing key, sample events, and line-level access to log files. */
final class TestLogs {
  static final KeyPair KEY = newKey();

  private TestLogs() {}

  static KeyPair newKey() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static AuditEvent event(int i) {
    return AuditEvent.builder(AuditEvent.Type.DECISION)
        .principal("agent-" + (i % 3), "customer-" + (i % 5), List.of("support-bot"))
        .session("s-" + i)
        .tool("tool-" + i)
        .arguments(Json.NODES.objectNode().put("order_id", "o-" + i).put("amount", i * 1.5)
            .put("card", "4111-" + i), Set.of("card"))
        .decision(i % 4 == 0 ? AuditEvent.Decision.DENY : AuditEvent.Decision.ALLOW,
            "rule_matched", List.of("r" + (i % 7)))
        .policyVersion("v1")
        .build();
  }

  /** Writes {@code n} entries one by one (so checkpoints land exactly every N) and closes. */
  static void writeLog(Path dir, int n, AuditLog.Options options) throws IOException {
    try (AuditLog log = AuditLog.open(dir, options)) {
      for (int i = 0; i < n; i++) {
        log.append(event(i)).join();
      }
    }
  }

  static AuditLog.Options options() {
    return AuditLog.Options.defaults(KEY).withCheckpoints(10, Duration.ofHours(1));
  }

  static Path segment(Path dir) {
    return Segments.path(dir, 1);
  }

  static List<String> lines(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  static void write(Path file, List<String> lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  static String sha256Hex(String line) {
    return EntryCodec.HEX.formatHex(
        MerkleTree.sha256().digest(line.getBytes(StandardCharsets.UTF_8)));
  }

  static String canonical(com.fasterxml.jackson.databind.JsonNode node) {
    return new String(CanonicalJson.canonicalize(node), StandardCharsets.UTF_8);
  }

  /** A clock a test moves by hand. */
  static final class MutableClock extends Clock {
    volatile Instant now = Instant.parse("2026-11-05T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
