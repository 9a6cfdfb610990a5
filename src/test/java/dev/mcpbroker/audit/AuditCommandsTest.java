package dev.mcpbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandsTest {
  @TempDir Path dir;
  private Path log;
  private Path pub;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @BeforeEach
  void writeLog() throws Exception {
    log = dir.resolve("audit");
    TestLogs.writeLog(log, 25, TestLogs.options());
    pub = dir.resolve("audit.pub");
    AuditKeys.exportPublicKey(TestLogs.KEY.getPublic(), pub);
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void verify_intactLog_printsOkAndExitsZero() {
    int code = AuditCommands.verify(new String[] {log.toString(), "--key", pub.toString()}, out);
    assertThat(code).isZero();
    assertThat(output()).isEqualTo("OK: 25 entries, 3 checkpoints verified\n");
  }

  @Test
  void verify_withTrustedCheckpoint_saysTheLogOnlyGrew() throws Exception {
    String trusted = TestLogs.lines(log.resolve(Segments.CHECKPOINTS)).get(0);
    int code = AuditCommands.verify(new String[] {log.toString(), "--key", pub.toString(),
        "--trusted-checkpoint", trusted}, out);
    assertThat(code).isZero();
    assertThat(output()).contains("consistent with the trusted checkpoint at tree size 10");
  }

  @Test
  void verify_tamperedLog_namesTheSeqAndExitsOne() throws Exception {
    Path seg = TestLogs.segment(log);
    List<String> lines = TestLogs.lines(seg);
    lines.set(17, lines.get(17).replace("\"decision\":\"allow\"", "\"decision\":\"deny\""));
    TestLogs.write(seg, lines);
    int code = AuditCommands.verify(new String[] {log.toString(), "--key", pub.toString()}, out);
    assertThat(code).isEqualTo(1);
    assertThat(output()).startsWith("TAMPERED at seq 17: entry 17 does not match");
  }

  @Test
  void verify_namesTheEntriesNoCheckpointSignsYet() throws Exception {
    // a forger with write access but no key appends an entry that chains correctly
    Path seg = TestLogs.segment(log);
    List<String> lines = TestLogs.lines(seg);
    com.fasterxml.jackson.databind.node.ObjectNode forged =
        (com.fasterxml.jackson.databind.node.ObjectNode) dev.mcpbroker.json.Json.MAPPER.readTree(lines.get(24));
    forged.put("seq", 25).put("tool", "transfer_funds").put("prev", TestLogs.sha256Hex(lines.get(24)));
    lines.add(TestLogs.canonical(forged));
    TestLogs.write(seg, lines);
    int code = AuditCommands.verify(new String[] {log.toString(), "--key", pub.toString()}, out);
    assertThat(code).isZero();
    assertThat(output()).isEqualTo("OK: 26 entries, 3 checkpoints verified; entries 25..25 follow the last "
        + "signed checkpoint (hash-chained, not yet signed)\n");
  }

  @Test
  void verify_withoutKey_isAUsageError() {
    assertThat(AuditCommands.verify(new String[] {log.toString()}, out)).isEqualTo(2);
    assertThat(output()).startsWith("usage: audit verify");
  }

  @Test
  void query_filtersByAgentAndDecision_inSeqOrder() throws Exception {
    int code = AuditCommands.query(
        new String[] {log.toString(), "--agent", "agent-1", "--decision", "deny"}, out);
    assertThat(code).isZero();
    // agent-(i % 3) == agent-1 and i % 4 == 0: i = 4, 16
    assertThat(output().lines().toList()).hasSize(2)
        .allMatch(l -> l.contains("\"agent\":\"agent-1\"") && l.contains("\"decision\":\"deny\""))
        .satisfies(l -> assertThat(l.get(0)).contains("\"seq\":4"))
        .satisfies(l -> assertThat(l.get(1)).contains("\"seq\":16"));
    assertThat(output().lines().toList()).isEqualTo(List.of(
        TestLogs.lines(TestLogs.segment(log)).get(4), TestLogs.lines(TestLogs.segment(log)).get(16)));
  }

  @Test
  void query_bySubject_answersWhatWasDoneOnACustomersBehalf() {
    int code = AuditCommands.query(new String[] {log.toString(), "--subject", "customer-3"}, out);
    assertThat(code).isZero();
    // customer-(i % 5) == customer-3: i = 3, 8, 13, 18, 23
    assertThat(output().lines().map(l -> l.replaceAll(".*\"seq\":(\\d+).*", "$1")).toList())
        .containsExactly("3", "8", "13", "18", "23");
  }

  @Test
  void query_sinceIsInclusive_untilExclusive() throws Exception {
    Path timed = dir.resolve("timed");
    TestLogs.MutableClock clock = new TestLogs.MutableClock(); // 2026-11-05T10:00:00Z
    try (AuditLog l = AuditLog.open(timed, TestLogs.options().withClock(clock))) {
      for (int i = 0; i < 10; i++) {
        l.append(TestLogs.event(i)).join(); // entry i at 10:0i:00
        clock.advance(java.time.Duration.ofMinutes(1));
      }
    }
    int code = AuditCommands.query(new String[] {timed.toString(), "--since", "2026-11-05T10:03:00Z",
        "--until", "2026-11-05T10:06:00Z"}, out);
    assertThat(code).isZero();
    assertThat(output().lines().map(l -> l.replaceAll(".*\"seq\":(\\d+).*", "$1")).toList())
        .containsExactly("3", "4", "5");
  }

  @Test
  void query_byTimeWindow_andBadTime() throws Exception {
    assertThat(AuditCommands.query(new String[] {log.toString(), "--until", "2000-01-01"}, out))
        .isZero();
    assertThat(output()).isEmpty();
    assertThat(AuditCommands.query(new String[] {log.toString(), "--since", "2000-01-01",
        "--tool", "tool-7"}, out)).isZero();
    assertThat(output().lines().toList()).singleElement().asString().contains("\"seq\":7");
    assertThat(AuditCommands.query(new String[] {log.toString(), "--since", "yesterday"}, out))
        .isEqualTo(2);
    assertThat(Files.exists(log)).isTrue();
  }
}
