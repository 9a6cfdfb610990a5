package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionResolver;
import dev.mcpbroker.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides tool calls against the current {@link PolicySnapshot}, which a reload swaps atomically:
 * a decision runs entirely against the snapshot it started with.
 *
 * <p>{@link #decide(CallInput)} is asynchronous because it may have to fetch facts; when every fact
 * it needs is cached (or none is needed) the returned future is already complete. Decisions of
 * tools whose rules read no {@code session}, {@code facts} or {@code now} are cached per policy
 * version, principal, tool and arguments; obligations are still applied to every call.
 */
public final class PolicyEngine {
  /** How long a fact look-up may take before the call is denied {@code fact_unavailable}. */
  public static final Duration DEFAULT_FACT_TIMEOUT = Duration.ofSeconds(2);

  private final AtomicReference<PolicySnapshot> current;
  private final FactCache facts;
  private final ObligationGate gate;
  private final Cache<DecisionKey, Verdict> decisions =
      Caffeine.newBuilder().executor(Caches.SAME_THREAD).maximumSize(50_000).build();

  private volatile PolicyObserver observer = PolicyObserver.NONE;

  private record DecisionKey(String version, PrincipalView principal, String tool, ObjectNode args) {}

  public PolicyEngine(PolicySnapshot initial, FactSource source, Approvals approvals, Duration factTimeout) {
    this.current = new AtomicReference<>(initial);
    this.facts = new FactCache(source, factTimeout);
    this.gate = new ObligationGate(new Ledger(), approvals);
  }

  public PolicyEngine(PolicySnapshot initial, FactSource source, Clock clock) {
    this(initial, source, new Approvals(clock), DEFAULT_FACT_TIMEOUT);
  }

  /** The snapshot new decisions use. */
  public PolicySnapshot snapshot() {
    return current.get();
  }

  /** Puts {@code next} in force for every decision that starts from now on. */
  public void swap(PolicySnapshot next) {
    current.set(next);
    decisions.invalidateAll(); // keyed by version anyway; this just frees the memory
  }

  /** Reports evaluation times, obligation refusals and signals to {@code o} from now on. */
  public void observe(PolicyObserver o) {
    this.observer = o == null ? PolicyObserver.NONE : o;
  }

  /**
   * Gives back the budget amounts an allowed call spent, because the upstream certainly did not
   * carry it out (it refused it, or the broker never sent it). Not for a timeout or a broken
   * connection: the call may have happened, so its amount stays spent.
   */
  public void refundBudgets(Decision d) {
    if (d != null) {
      gate.refund(d);
    }
  }

  public Approvals approvals() {
    return gate.approvals();
  }

  /** Decides one call, fetching the facts its tool's rules read. Never completes exceptionally. */
  public CompletableFuture<Decision> decide(CallInput in) {
    PolicySnapshot s = current.get();
    ToolRules tr = s.rulesFor(in.tool()).orElse(null);
    Decision early = precheck(s, tr, in);
    if (early != null) {
      return CompletableFuture.completedFuture(early);
    }
    if (tr.cacheable()) {
      return CompletableFuture.completedFuture(cached(s, tr, in));
    }
    if (tr.facts().isEmpty()) {
      return CompletableFuture.completedFuture(decideWith(s, tr, in, Map.of(), null, null));
    }
    Map<String, CompletableFuture<JsonNode>> pending = new LinkedHashMap<>();
    // built once: the fact look-ups read them, then the rules (with facts and session added)
    Map<String, Object> vars = CallVars.of(s, tr, in, Map.of(), Map.of());
    CelFunctionResolver functions = CallVars.functions(s, in.principal());
    try {
      for (String name : tr.facts()) {
        PolicySnapshot.CompiledFact f = s.facts().get(name);
        ObjectNode args = Json.NODES.objectNode();
        for (Map.Entry<String, Expr> e : f.args().entrySet()) {
          args.set(e.getKey(), CelValues.toJson(e.getValue().eval(vars, functions)));
        }
        pending.put(name, facts.get(new FactCache.Key(f.spec().tool(), args, in.principal().agent(),
            in.principal().subject(), f.spec().ttl()), in.principal()));
      }
    } catch (CelEvaluationException | RuntimeException e) {
      return CompletableFuture.completedFuture(
          Decision.deny(Reasons.POLICY_ERROR, s.version(), in.args(), "fact arguments: " + e.getMessage()));
    }
    return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
        .handle((ok, failure) -> {
          Map<String, JsonNode> fetched = new HashMap<>();
          for (Map.Entry<String, CompletableFuture<JsonNode>> e : pending.entrySet()) {
            JsonNode v = e.getValue().isCompletedExceptionally() ? null : e.getValue().join();
            if (v == null) {
              return Decision.deny(Reasons.FACT_UNAVAILABLE, s.version(), in.args(),
                  "facts." + e.getKey() + ": no answer from " + s.facts().get(e.getKey()).spec().tool());
            }
            fetched.put(e.getKey(), v);
          }
          return decideWith(s, tr, in, fetched, vars, functions);
        });
  }

  /**
   * Decides one call with facts already fetched (by fact name), as the embedded tests and {@code
   * policy explain} do. A fact the rules read that is missing denies {@code fact_unavailable}.
   */
  public Decision decide(CallInput in, Map<String, JsonNode> fetched) {
    PolicySnapshot s = current.get();
    ToolRules tr = s.rulesFor(in.tool()).orElse(null);
    Decision early = precheck(s, tr, in);
    return early != null ? early : decideWith(s, tr, in, fetched, null, null);
  }

  private Decision precheck(PolicySnapshot s, ToolRules tr, CallInput in) {
    if (tr == null) {
      return Decision.deny(Reasons.UNKNOWN_TOOL, s.version(), in.args(), "tool: \"" + in.tool()
          + "\" (expected: a tool of the catalog the policy was built against)");
    }
    long cap = s.sessionCallCap();
    if (cap > 0 && gate.ledger().countSessionCall(in.principal().sessionId()) > cap) {
      observer.obligationHit(in.tool(), "session_cap");
      return Decision.deny(Reasons.SESSION_CALL_CAP, s.version(), in.args(),
          "session " + in.principal().sessionId() + ": more than " + cap + " calls (expected: at most " + cap + ")");
    }
    return null;
  }

  private Decision cached(PolicySnapshot s, ToolRules tr, CallInput in) {
    long start = System.nanoTime();
    Verdict v = decisions.getIfPresent(new DecisionKey(s.version(), in.principal(), in.tool(), in.args()));
    if (v == null) {
      v = Verdicts.of(s, tr, in, Map.of(), null);
      decisions.put(new DecisionKey(s.version(), in.principal(), in.tool(), in.args().deepCopy()), v);
    }
    // a cached verdict's rewritten arguments are shared: hand out a copy
    return observed(in, v, gate.finish(s.version(), in, v, v.finalArgs() == null ? in.args() : v.finalArgs().deepCopy()),
        start);
  }

  private Decision decideWith(PolicySnapshot s, ToolRules tr, CallInput in, Map<String, JsonNode> fetched,
      Map<String, Object> vars, CelFunctionResolver functions) {
    for (String name : tr.facts()) {
      if (fetched.get(name) == null) {
        return Decision.deny(Reasons.FACT_UNAVAILABLE, s.version(), in.args(), "facts." + name + ": not available");
      }
    }
    long start = System.nanoTime();
    Map<String, Object> celFacts = new HashMap<>();
    fetched.forEach((k, v) -> celFacts.put(k, CelValues.toCel(v)));
    Verdict v = Verdicts.of(s, tr, in, celFacts, null, vars, functions);
    return observed(in, v, gate.finish(s.version(), in, v, v.finalArgs() == null ? in.args() : v.finalArgs()), start);
  }

  /** Reports the evaluation time, a refusal by a rate limit or budget, and the signals of an allow. */
  private Decision observed(CallInput in, Verdict v, Decision d, long startNanos) {
    PolicyObserver o = observer;
    o.evaluated(System.nanoTime() - startNanos);
    if (d.allowed()) {
      for (String signal : v.signals()) {
        o.signal(in.tool(), signal);
      }
    } else if (v.effect() == Effect.ALLOW && d.effect() == Effect.DENY) {
      // the rules allowed it; an obligation refused it
      if (Reasons.RATE_LIMITED.equals(d.reason())) {
        o.obligationHit(in.tool(), "rate_limit");
      } else if (Reasons.BUDGET_EXCEEDED.equals(d.reason())) {
        o.obligationHit(in.tool(), "budget");
      }
    }
    return d;
  }
}
