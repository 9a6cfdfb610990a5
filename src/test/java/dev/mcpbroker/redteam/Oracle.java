package dev.mcpbroker.redteam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.audit.VerifyReport;
import dev.mcpbroker.backends.refunds.LedgerEntry;
import dev.mcpbroker.policy.Approval;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Judges a scenario by what reached the world. Before it runs, {@link #before} notes the ledger, the
 * orders served, the audit log's length and the denial counters; afterwards {@link #check} finds:
 * no refund beyond policy landed (each new ledger row within the effective cap, in the order's
 * currency, approved by a human when above the threshold, never more than what was paid, within the
 * daily budget, and exactly as many rows as the scenario expects); no order was served to anyone
 * but its owner; every denial the scenario met is in the audit log with its reason and in
 * {@code mcp_broker_denials_total} with its tool and reason (and no other denial was counted); the
 * audit log verifies; and the layer the scenario names is one that stopped it.
 */
final class Oracle {
  private final Stack stack;
  private Set<String> ledgerBefore;
  private long servedBefore;
  private long auditBefore;
  private Map<String, Double> denialsBefore;

  Oracle(Stack stack) {
    this.stack = stack;
  }

  void before() throws Exception {
    stack.flushAudit();
    ledgerBefore = stack.ledger().stream().map(LedgerEntry::refundId).collect(Collectors.toSet());
    servedBefore = stack.lastServedId();
    auditBefore = stack.auditSize();
    denialsBefore = stack.denials();
  }

  List<String> check(Runner run) throws Exception {
    List<String> problems = new ArrayList<>();
    ledger(run, problems);
    served(run.scenario, problems);
    denials(run, problems);
    layer(run, problems);
    return problems;
  }

  private void ledger(Runner run, List<String> problems) {
    Scenario sc = run.scenario;
    List<LedgerEntry> added = stack.ledger().stream().filter(e -> !ledgerBefore.contains(e.refundId())).toList();
    Map<String, Scenario.OrderFixture> orders = sc.orders().stream()
        .collect(Collectors.toMap(Scenario.OrderFixture::id, o -> o));
    Map<String, BigDecimal> perOrder = new TreeMap<>();
    Map<String, BigDecimal> perSubject = new TreeMap<>();
    Map<String, Integer> rows = new TreeMap<>();
    for (LedgerEntry e : added) {
      String row = "ledger row " + e.refundId() + " (" + e.orderId() + ", " + e.amount() + " " + e.currency() + ")";
      Scenario.OrderFixture o = orders.get(e.orderId());
      if (o == null) {
        problems.add(row + ": money moved on an order this scenario does not own");
        continue;
      }
      rows.merge(o.id(), 1, Integer::sum);
      perOrder.merge(o.id(), e.amount(), BigDecimal::add);
      perSubject.merge(e.customerId(), e.amount(), BigDecimal::add);
      if (!e.customerId().equals(o.customer()) || !sc.subjects().contains(e.customerId())) {
        problems.add(row + ": paid to " + e.customerId() + ", not the order's owner acting in this scenario");
      }
      if (!e.currency().equals(o.currency())) {
        problems.add(row + ": currency " + e.currency() + " (expected: the order's " + o.currency() + ")");
      }
      Optional<BigDecimal> cap = sc.principals().values().stream().filter(p -> p.subject().equals(e.customerId()))
          .map(p -> Promises.effectiveLimit(p.agent(), p.subject())).flatMap(Optional::stream).max(BigDecimal::compareTo);
      if (e.amount().signum() <= 0 || cap.isEmpty() || e.amount().compareTo(cap.get()) > 0) {
        problems.add(row + ": amount beyond the effective cap " + cap.map(BigDecimal::toPlainString).orElse("(none)"));
      }
      if (e.amount().compareTo(Promises.APPROVAL_ABOVE) > 0 && !approved(run, e)) {
        problems.add(row + ": above " + Promises.APPROVAL_ABOVE + " without a human's approval of exactly this refund");
      }
    }
    perOrder.forEach((id, sum) -> {
      Scenario.OrderFixture o = orders.get(id);
      if (o.refunded().add(sum).compareTo(o.total()) > 0) {
        problems.add(id + ": refunded " + o.refunded().add(sum) + " of a total of " + o.total());
      }
    });
    for (Scenario.OrderFixture o : sc.orders()) {
      BigDecimal now = stack.order(o.id()).map(t -> t[1]).orElse(BigDecimal.ZERO);
      if (now.compareTo(o.refunded().add(perOrder.getOrDefault(o.id(), BigDecimal.ZERO))) != 0) {
        problems.add(o.id() + ": the orders table says " + now + " refunded, the ledger " + perOrder.get(o.id()));
      }
      int want = sc.ledger().getOrDefault(o.id(), 0);
      if (rows.getOrDefault(o.id(), 0) != want) {
        problems.add(o.id() + ": " + rows.getOrDefault(o.id(), 0) + " ledger rows (expected: " + want + ")");
      }
    }
    perSubject.forEach((s, sum) -> {
      if (sum.compareTo(Promises.DAILY_BUDGET) > 0) {
        problems.add(s + ": refunded " + sum + " today (expected: at most " + Promises.DAILY_BUDGET + ")");
      }
    });
  }

  private boolean approved(Runner run, LedgerEntry e) {
    var approvals = stack.demo.broker().policy().approvals();
    return run.approved.stream().map(approvals::get).flatMap(Optional::stream).anyMatch(a ->
        a.state() == Approval.State.USED && a.args().path("order_id").asText().equals(e.orderId())
            && new BigDecimal(a.args().path("amount").asText("0")).compareTo(e.amount()) == 0);
  }

  private void served(Scenario sc, List<String> problems) {
    for (Stack.Served s : stack.servedSince(servedBefore)) {
      if (s.caller() == null || !s.caller().equals(s.owner())) {
        problems.add("orders backend served " + s.orderId() + " (owned by " + s.owner() + ") to " + s.caller()
            + " through " + s.tool());
      }
    }
  }

  private void denials(Runner run, List<String> problems) throws Exception {
    Map<String, Integer> met = new TreeMap<>();
    Map<String, Integer> metAudit = new TreeMap<>();
    for (Outcome o : run.outcomes) {
      o.denial(run.catalog).ifPresent(d -> {
        met.merge(d[0] + " " + d[1], 1, Integer::sum);
        metAudit.merge(d[0].equals("none") ? "authentication:" + d[1] : o.tool() + " " + d[1], 1, Integer::sum);
      });
    }
    Map<String, Integer> counted = new TreeMap<>();
    stack.denials().forEach((k, v) -> {
      int diff = (int) Math.round(v - denialsBefore.getOrDefault(k, 0.0));
      if (diff != 0) {
        counted.put(k, diff);
      }
    });
    if (!counted.equals(met)) {
      problems.add("mcp_broker_denials_total grew by " + counted + " (expected: the denials met, " + met + ")");
    }
    stack.flushAudit();
    Map<String, Integer> audited = new TreeMap<>();
    for (JsonNode e : stack.auditSince(auditBefore)) {
      if ("decision".equals(e.path("type").asText()) && "deny".equals(e.path("decision").asText())) {
        String reason = e.path("reason").asText();
        audited.merge(reason.startsWith("authentication:") ? reason : e.path("tool").asText() + " " + reason, 1, Integer::sum);
      }
    }
    if (!audited.equals(metAudit)) {
      problems.add("audit log denials " + audited + " (expected: the denials met, " + metAudit + ")");
    }
    VerifyReport report = stack.verifyAudit();
    if (!report.ok()) {
      problems.add("audit verify failed: " + report);
    }
  }

  private void layer(Runner run, List<String> problems) {
    Set<Layer> stopped = stopped(run);
    if (!stopped.isEmpty() && !stopped.contains(run.scenario.layer())) {
      problems.add("declared layer " + run.scenario.layer() + " stopped nothing; stopped by " + stopped);
    }
  }

  /** The layers that stopped something in {@code run}. */
  static Set<Layer> stopped(Runner run) {
    return run.outcomes.stream().map(Outcome::layer).flatMap(Optional::stream).collect(Collectors.toSet());
  }
}
