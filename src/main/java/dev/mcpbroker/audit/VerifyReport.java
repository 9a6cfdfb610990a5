package dev.mcpbroker.audit;

/**
 * The result of {@link AuditVerifier#verify}: whether the log is intact, how many entries and
 * signed checkpoints were checked, and else the first entry that cannot be trusted
 * ({@code firstBadSeq}, -1 when the problem is in the checkpoints alone) and what is wrong.
 */
public record VerifyReport(boolean ok, long entries, long firstBadSeq, String problem,
    long checkpointsChecked) {
  public VerifyReport {
    if (ok && (firstBadSeq != -1 || problem != null)) {
      throw new IllegalArgumentException("an ok report has firstBadSeq -1 and no problem");
    }
    if (!ok && (problem == null || firstBadSeq < -1)) {
      throw new IllegalArgumentException("a failed report names its problem");
    }
  }

  static VerifyReport ok(long entries, long checkpoints) {
    return new VerifyReport(true, entries, -1, null, checkpoints);
  }

  static VerifyReport bad(long entries, long seq, String problem, long checkpoints) {
    return new VerifyReport(false, entries, seq, problem, checkpoints);
  }
}
