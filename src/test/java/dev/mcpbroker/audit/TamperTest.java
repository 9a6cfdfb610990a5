package dev.mcpbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.Json;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of tampering with a 50-entry log (checkpoints at 10, 20, …, 50) is detected and located. */
class TamperTest {
  @TempDir Path dir;
  private Path seg;
  private List<String> lines;

  @BeforeEach
  void writeLog() throws Exception {
    TestLogs.writeLog(dir, 50, TestLogs.options());
    seg = TestLogs.segment(dir);
    lines = TestLogs.lines(seg);
  }

  private VerifyReport verify() throws Exception {
    return AuditVerifier.verify(dir, TestLogs.KEY.getPublic(), Optional.empty());
  }

  private VerifyReport verify(Checkpoint trusted) throws Exception {
    return AuditVerifier.verify(dir, TestLogs.KEY.getPublic(), Optional.of(trusted));
  }

  @Test
  void untouchedLog_verifies() throws Exception {
    assertThat(verify()).isEqualTo(VerifyReport.ok(50, 5));
  }

  @Test
  void editedEntry_isDetectedAndLocated() throws Exception {
    lines.set(17, lines.get(17).replace("\"tool\":\"tool-17\"", "\"tool\":\"tool-71\""));
    TestLogs.write(seg, lines);
    VerifyReport r = verify();
    assertThat(r.ok()).isFalse();
    assertThat(r.firstBadSeq()).isEqualTo(17);
    assertThat(r.problem()).contains("entry 17 does not match the prev hash recorded in entry 18");
  }

  @Test
  void nonCanonicalEdit_isDetectedAndLocated() throws Exception {
    lines.set(17, lines.get(17).replace("\"seq\":17", "\"seq\": 17"));
    TestLogs.write(seg, lines);
    assertThat(verify().firstBadSeq()).isEqualTo(17);
    assertThat(verify().problem()).contains("canonical");
  }

  @Test
  void deletedEntry_isDetectedAndLocated() throws Exception {
    lines.remove(17);
    TestLogs.write(seg, lines);
    assertThat(verify().firstBadSeq()).isEqualTo(17);
    assertThat(verify().problem()).contains("expected seq 17, found 18");
  }

  @Test
  void swappedEntries_areDetectedAndLocated() throws Exception {
    Collections.swap(lines, 17, 18);
    TestLogs.write(seg, lines);
    assertThat(verify().firstBadSeq()).isEqualTo(17);
  }

  @Test
  void insertedEntry_thatChainsCorrectly_isDetectedAndLocated() throws Exception {
    ObjectNode forged = (ObjectNode) Json.MAPPER.readTree(lines.get(17));
    forged.put("tool", "transfer_funds").put("prev", TestLogs.sha256Hex(lines.get(16)));
    lines.add(17, TestLogs.canonical(forged));
    TestLogs.write(seg, lines);
    VerifyReport r = verify();
    assertThat(r.firstBadSeq()).isEqualTo(17);
    assertThat(r.problem()).contains("entry 17 was inserted");
  }

  @Test
  void deletedSegmentFile_isDetectedAndLocated() throws Exception {
    Path rotated = dir.resolve("rotated");
    TestLogs.writeLog(rotated, 50, TestLogs.options().withRotation(2000, java.time.Duration.ofHours(24)));
    assertThat(Segments.list(rotated)).hasSizeGreaterThan(3);
    long firstOfSecond = Json.MAPPER.readTree(TestLogs.lines(Segments.path(rotated, 2)).get(0)).get("seq").asLong();
    java.nio.file.Files.delete(Segments.path(rotated, 2));
    VerifyReport r = AuditVerifier.verify(rotated, TestLogs.KEY.getPublic(), Optional.empty());
    assertThat(r.ok()).isFalse();
    assertThat(r.firstBadSeq()).isEqualTo(firstOfSecond);
    assertThat(r.problem()).contains("expected seq " + firstOfSecond, "segment audit-000002.jsonl is missing");
  }

  @Test
  void truncatedTail_isDetectedByTheLastCheckpoint() throws Exception {
    TestLogs.write(seg, lines.subList(0, 45));
    VerifyReport r = verify();
    assertThat(r.firstBadSeq()).isEqualTo(45);
    assertThat(r.problem()).contains("entries 45..49 are missing (truncated)");
  }

  @Test
  void rewrittenChain_isCaughtByTheCheckpointRoot_andBoundedByTheLastGoodOne() throws Exception {
    lines.set(23, lines.get(23).replace("\"tool\":\"tool-23\"", "\"tool\":\"tool-32\""));
    rechainFrom(24);
    VerifyReport r = verify();
    assertThat(r.firstBadSeq()).isEqualTo(20);
    assertThat(r.problem()).contains("entries 20..29 do not match the signed root");
  }

  @Test
  void rewrittenHistoryWithCheckpointsRemoved_isCaughtByATrustedCheckpoint() throws Exception {
    Checkpoint trusted = Checkpoint.parse(TestLogs.lines(dir.resolve(Segments.CHECKPOINTS)).get(2));
    lines.set(23, lines.get(23).replace("\"tool\":\"tool-23\"", "\"tool\":\"tool-32\""));
    rechainFrom(24);
    java.nio.file.Files.delete(dir.resolve(Segments.CHECKPOINTS));
    assertThat(verify().ok()).as("without any checkpoint the chain alone looks fine").isTrue();
    VerifyReport r = verify(trusted);
    assertThat(r.ok()).isFalse();
    assertThat(r.firstBadSeq()).isZero();
    assertThat(r.problem()).contains("trusted checkpoint");
  }

  @Test
  void trustedCheckpoint_fromAnEarlierRun_provesTheLogOnlyGrew() throws Exception {
    Checkpoint trusted = Checkpoint.parse(TestLogs.lines(dir.resolve(Segments.CHECKPOINTS)).get(1));
    TestLogs.writeLog(dir, 5, TestLogs.options()); // reopen and append more
    assertThat(verify(trusted)).isEqualTo(VerifyReport.ok(55, 6));
  }

  @Test
  void trustedCheckpointBeyondTheLog_revealsTruncation() throws Exception {
    Checkpoint trusted = Checkpoint.parse(TestLogs.lines(dir.resolve(Segments.CHECKPOINTS)).get(4));
    TestLogs.write(seg, lines.subList(0, 40));
    TestLogs.write(dir.resolve(Segments.CHECKPOINTS),
        TestLogs.lines(dir.resolve(Segments.CHECKPOINTS)).subList(0, 4));
    assertThat(verify().ok()).isTrue();
    assertThat(verify(trusted).firstBadSeq()).isEqualTo(40);
  }

  @Test
  void forgedCheckpointSignature_isDetected() throws Exception {
    Path file = dir.resolve(Segments.CHECKPOINTS);
    List<String> cps = TestLogs.lines(file);
    Checkpoint real = Checkpoint.parse(cps.get(2));
    Checkpoint forged = Checkpoint.sign(real.treeSize(), real.rootBytes(), real.time(),
        TestLogs.newKey().getPrivate(), real.keyId());
    cps.set(2, new String(forged.toCanonicalJson(), java.nio.charset.StandardCharsets.UTF_8));
    TestLogs.write(file, cps);
    VerifyReport r = verify();
    assertThat(r.firstBadSeq()).isEqualTo(-1);
    assertThat(r.problem()).contains("checkpoint 3 of checkpoints.jsonl (tree size 30)",
        "signature does not verify");
  }

  @Test
  void changedCheckpointRoot_isDetected() throws Exception {
    Path file = dir.resolve(Segments.CHECKPOINTS);
    List<String> cps = TestLogs.lines(file);
    String root = Checkpoint.parse(cps.get(1)).root();
    cps.set(1, cps.get(1).replace(root, "0".repeat(64)));
    TestLogs.write(file, cps);
    VerifyReport r = verify();
    assertThat(r.ok()).isFalse();
    assertThat(r.firstBadSeq()).isEqualTo(-1);
    assertThat(r.problem()).contains("tree size 20", "signature does not verify");
  }

  /** What a careful forger does: recompute every prev hash after the edit. */
  private void rechainFrom(int from) throws Exception {
    for (int i = from; i < lines.size(); i++) {
      ObjectNode e = (ObjectNode) Json.MAPPER.readTree(lines.get(i));
      e.put("prev", TestLogs.sha256Hex(lines.get(i - 1)));
      lines.set(i, TestLogs.canonical(e));
    }
    TestLogs.write(seg, lines);
  }
}
