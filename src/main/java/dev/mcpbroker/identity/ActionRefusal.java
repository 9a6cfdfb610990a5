package dev.mcpbroker.identity;

/** Why a backend refused an action token; each has a stable lowercase code. */
public enum ActionRefusal {
  MALFORMED("malformed"),
  ALG_NOT_ALLOWED("alg_not_allowed"),
  UNKNOWN_KEY("unknown_key"),
  /** The broker's keys could not be loaded: an outage, denied by default and logged. */
  KEYS_UNAVAILABLE("keys_unavailable"),
  BAD_SIGNATURE("bad_signature"),
  WRONG_ISSUER("wrong_issuer"),
  WRONG_AUDIENCE("wrong_audience"),
  EXPIRED("expired"),
  LIFETIME_TOO_LONG("lifetime_too_long"),
  TOOL_MISMATCH("tool_mismatch"),
  DIGEST_MISMATCH("digest_mismatch"),
  REPLAYED("replayed");

  private final String code;

  ActionRefusal(String code) {
    this.code = code;
  }

  /** Returns the stable code, e.g. {@code digest_mismatch}. */
  public String code() {
    return code;
  }
}
