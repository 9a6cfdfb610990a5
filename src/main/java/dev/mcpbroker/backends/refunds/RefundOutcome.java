package dev.mcpbroker.backends.refunds;

/** Says what became of a refund request. */
public sealed interface RefundOutcome {

  /**
   * The refund is in the ledger.
   *
   * @param entry its ledger row
   * @param replayed true when an earlier call with the same idempotency key paid it
   */
  record Issued(LedgerEntry entry, boolean replayed) implements RefundOutcome {}

  /**
   * Nothing was paid and nothing written.
   *
   * @param code a stable reason code, e.g. {@code over_remaining}
   * @param message names the field, the value and the expectation
   */
  record Refused(String code, String message) implements RefundOutcome {}
}
