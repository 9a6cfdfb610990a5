package dev.mcpbroker.policy;

import dev.mcpbroker.catalog.ToolSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that cover one tool, in file order, and what deciding a call of it needs: which facts
 * to fetch, whether the session is read, and whether a decision can be cached (no expression reads
 * {@code session}, {@code facts} or {@code now}), and the signals declared for it (which count
 * towards all three, since they are evaluated with the same variables).
 */
record ToolRules(ToolSpec tool, List<CompiledRule> rules, Set<String> facts, boolean usesSession,
    boolean cacheable, boolean hasShadow, List<CompiledSignal> signals) {

  static ToolRules of(ToolSpec tool, List<CompiledRule> rules, Set<String> declaredFacts) {
    return of(tool, rules, declaredFacts, List.of());
  }

  static ToolRules of(ToolSpec tool, List<CompiledRule> rules, Set<String> declaredFacts,
      List<CompiledSignal> signals) {
    Set<String> facts = new LinkedHashSet<>();
    boolean session = false;
    boolean cacheable = true;
    List<List<Expr>> all = new java.util.ArrayList<>();
    rules.forEach(r -> all.add(r.exprs()));
    signals.forEach(s -> all.add(List.of(s.when())));
    for (List<Expr> exprs : all) {
      for (Expr e : exprs) {
        if (e.dynamic().contains("facts")) {
          facts.addAll(declaredFacts);
        }
        facts.addAll(e.fields().get("facts"));
        session |= e.uses("session");
        cacheable &= !e.uses("session") && !e.uses("facts") && !e.uses("now");
      }
    }
    return new ToolRules(tool, List.copyOf(rules), Set.copyOf(facts), session, cacheable,
        rules.stream().anyMatch(CompiledRule::shadow), List.copyOf(signals));
  }
}
