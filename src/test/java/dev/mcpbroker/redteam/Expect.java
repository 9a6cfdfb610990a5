package dev.mcpbroker.redteam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Matches an observed {@link Outcome} against a step's {@code expect}: {@code allowed}, {@code held},
 * {@code cancelled}, or a mapping such as {@code {denied: refund_not_allowed}}, {@code {error: -32602,
 * denied: unknown_tool}}, {@code {http: 401, denied: expired}}, {@code {backend_refused: over_remaining}},
 * {@code {allowed: true, excludes: [ord_0001]}}, {@code {withheld: escalate}}, {@code {accepted: false}},
 * {@code {any_of: [...]}}.
 */
final class Expect {
  private Expect() {}

  private static final Set<String> WORDS = Set.of("allowed", "held", "cancelled", "backend_refused");
  private static final Set<String> KEYS = Set.of("allowed", "contains", "excludes", "denied", "held", "error", "http",
      "backend_refused", "withheld", "accepted", "any_of");

  static void validate(JsonNode expect, String where) {
    if (expect.isTextual()) {
      if (!WORDS.contains(expect.asText())) {
        throw new IllegalArgumentException(where + ": \"" + expect.asText() + "\" (expected: one of " + WORDS + " or a mapping)");
      }
      return;
    }
    Scenario.keys(expect, KEYS, where);
    for (JsonNode alt : expect.path("any_of")) {
      validate(alt, where + ": any_of");
    }
  }

  /** Returns null when {@code o} is what {@code expect} says, else what differs. */
  static String mismatch(JsonNode expect, Outcome o) {
    if (expect.isTextual()) {
      String want = expect.asText();
      return o.kind().name().equalsIgnoreCase(want) ? null : "expected " + want + ", got " + o.brief();
    }
    if (expect.has("any_of")) {
      for (JsonNode alt : expect.get("any_of")) {
        if (mismatch(alt, o) == null) {
          return null;
        }
      }
      return "expected any of " + expect.get("any_of") + ", got " + o.brief();
    }
    String got = ", got " + o.brief();
    if (expect.has("error")) {
      if (o.kind() != Outcome.Kind.RPC_ERROR || o.status() != expect.get("error").asInt()) {
        return "expected JSON-RPC error " + expect.get("error") + got;
      }
      return reason(expect, o, got);
    }
    if (expect.has("http")) {
      if (o.kind() != Outcome.Kind.HTTP || o.status() != expect.get("http").asInt()) {
        return "expected HTTP " + expect.get("http") + got;
      }
      return reason(expect, o, got);
    }
    if (expect.has("denied")) {
      return o.kind() == Outcome.Kind.DENIED ? reason(expect, o, got) : "expected denied " + expect.get("denied").asText() + got;
    }
    if (expect.has("held")) {
      return o.kind() == Outcome.Kind.HELD ? null : "expected held" + got;
    }
    if (expect.has("backend_refused")) {
      return o.kind() == Outcome.Kind.BACKEND_REFUSED && o.text().contains(expect.get("backend_refused").asText())
          ? null : "expected refused by the backend with " + expect.get("backend_refused") + got;
    }
    if (expect.has("withheld")) {
      return o.kind() == Outcome.Kind.WITHHELD && expect.get("withheld").asText().equals(o.tool()) ? null
          : "expected " + expect.get("withheld").asText() + " withheld" + got;
    }
    if (expect.has("accepted")) {
      return o.kind() == Outcome.Kind.ADMIN && expect.get("accepted").asText().equals(o.reason()) ? null
          : "expected the operator action to be " + (expect.get("accepted").asBoolean() ? "accepted" : "refused") + got;
    }
    if (o.kind() != Outcome.Kind.ALLOWED) {
      return "expected allowed" + got;
    }
    for (JsonNode c : expect.path("contains")) {
      if (!o.text().contains(c.asText())) {
        return "expected the answer to contain " + c + got;
      }
    }
    for (JsonNode c : expect.path("excludes")) {
      if (o.text().contains(c.asText())) {
        return "expected the answer NOT to contain " + c + got;
      }
    }
    return null;
  }

  private static String reason(JsonNode expect, Outcome o, String got) {
    if (!expect.has("denied")) {
      return null;
    }
    return expect.get("denied").asText().equals(o.reason()) ? null : "expected reason " + expect.get("denied").asText() + got;
  }

  /** Returns null when the outcomes match {@code counts}, else what differs. */
  static String countsMismatch(JsonNode counts, List<Outcome> outcomes) {
    Map<String, Integer> want = new TreeMap<>();
    counts.fields().forEachRemaining(e -> {
      if (e.getKey().equals("denied")) {
        e.getValue().fields().forEachRemaining(d -> want.put("denied:" + d.getKey(), d.getValue().asInt()));
      } else {
        want.put(e.getKey(), e.getValue().asInt());
      }
    });
    want.values().removeIf(v -> v == 0);
    Map<String, Integer> got = new TreeMap<>();
    outcomes.forEach(o -> got.merge(o.countKey(), 1, Integer::sum));
    return want.equals(got) ? null : "expected outcomes " + want + ", got " + got;
  }
}
