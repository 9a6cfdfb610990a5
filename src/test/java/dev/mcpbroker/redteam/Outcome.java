package dev.mcpbroker.redteam;

import java.util.Optional;
import java.util.Set;

/**
 * What one step observed, classified: allowed, denied by the broker with a reason code, held for
 * approval, a JSON-RPC error, an HTTP refusal, refused by the backend itself, cancelled, or an
 * operator's action. {@code reason} is set for every refusal the broker counts as a denial.
 */
record Outcome(Kind kind, int status, String reason, String text, String approvalId, String tool) {

  enum Kind { ALLOWED, DENIED, HELD, RPC_ERROR, HTTP, BACKEND_REFUSED, UPSTREAM_ERROR, CANCELLED, WITHHELD, ADMIN }

  private static final Set<String> OBLIGATION_REASONS =
      Set.of("rate_limited", "budget_exceeded", "session_call_cap", "approval_rejected");

  static Outcome of(Kind kind, int status, String reason, String text, String tool) {
    return new Outcome(kind, status, reason, text, null, tool);
  }

  /** The denial the broker should have counted and audited for this outcome: (tool label, reason). */
  Optional<String[]> denial(Set<String> catalog) {
    if (reason == null || !(kind == Kind.DENIED || kind == Kind.RPC_ERROR || kind == Kind.HTTP)) {
      return Optional.empty();
    }
    String label = kind == Kind.HTTP ? "none" : tool != null && catalog.contains(tool) ? tool : "unknown";
    return Optional.of(new String[] {label, reason});
  }

  /** The layer that stopped this call, if it was stopped. */
  Optional<Layer> layer() {
    return Optional.ofNullable(switch (kind) {
      case ALLOWED, ADMIN -> null;
      case DENIED -> reason.equals("invalid_arguments") || reason.equals("unknown_tool") ? Layer.CATALOG_SCHEMA
          : OBLIGATION_REASONS.contains(reason) ? Layer.OBLIGATION : Layer.POLICY;
      case HELD -> Layer.OBLIGATION;
      case RPC_ERROR -> status == -32602 || status == -32002 ? Layer.CATALOG_SCHEMA : Layer.TRANSPORT;
      case HTTP -> status == 401 || status == 403 || status == 404 ? Layer.AUTHENTICATION : Layer.TRANSPORT;
      case BACKEND_REFUSED, UPSTREAM_ERROR -> Layer.BACKEND;
      case CANCELLED -> Layer.TRANSPORT;
      case WITHHELD -> Layer.CATALOG_SCHEMA;
    });
  }

  /** A short form for failure messages and counts. */
  String brief() {
    String t = text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    return switch (kind) {
      case ALLOWED -> "allowed " + t;
      case DENIED -> "denied " + reason + " (" + t + ")";
      case HELD -> "held " + approvalId;
      case RPC_ERROR -> "JSON-RPC error " + status + (reason == null ? "" : " [" + reason + "]") + " " + t;
      case HTTP -> "HTTP " + status + (reason == null ? "" : " [" + reason + "]") + " " + t;
      case BACKEND_REFUSED -> "refused by the backend: " + t;
      case UPSTREAM_ERROR -> "upstream error " + reason + ": " + t;
      case CANCELLED -> "cancelled (" + t + ")";
      case WITHHELD -> "withheld " + tool;
      case ADMIN -> "operator action " + reason;
    };
  }

  /** The key this outcome counts under in {@code expect_counts}. */
  String countKey() {
    return switch (kind) {
      case ALLOWED -> "allowed";
      case HELD -> "held";
      case BACKEND_REFUSED -> "backend_refused";
      case CANCELLED -> "cancelled";
      case DENIED -> "denied:" + reason;
      default -> "other:" + brief();
    };
  }
}
