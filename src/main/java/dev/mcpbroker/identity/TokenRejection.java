package dev.mcpbroker.identity;

/** Why a session token was refused; each has a stable lowercase code for responses and metrics. */
public enum TokenRejection {
  MALFORMED("malformed"),
  ALG_NOT_ALLOWED("alg_not_allowed"),
  BAD_SIGNATURE("bad_signature"),
  UNKNOWN_KEY("unknown_key"),
  /** The issuer's keys could not be loaded: an outage, denied by default and logged. */
  KEYS_UNAVAILABLE("keys_unavailable"),
  EXPIRED("expired"),
  NOT_YET_VALID("not_yet_valid"),
  WRONG_ISSUER("wrong_issuer"),
  WRONG_AUDIENCE("wrong_audience"),
  LIFETIME_TOO_LONG("lifetime_too_long"),
  MISSING_CLAIM("missing_claim"),
  REVOKED("revoked"),
  INSUFFICIENT_SCOPE("insufficient_scope");

  private final String code;

  TokenRejection(String code) {
    this.code = code;
  }

  /** Returns the stable code, e.g. {@code alg_not_allowed}. */
  public String code() {
    return code;
  }
}
