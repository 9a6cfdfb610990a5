package dev.mcpbroker.policy;

import dev.mcpbroker.catalog.ToolSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that cover one tool, in file order, and what deciding a call of it needs: which facts
 * to fetch, whether the session is read, and whether a decision can be cached (no expression reads
 * {@code session}, {@code facts} or {@code now}).
 */
record ToolRules(ToolSpec tool, List<CompiledRule> rules, Set<String> facts, boolean usesSession,
    boolean cacheable, boolean hasShadow) {

  static ToolRules of(ToolSpec tool, List<CompiledRule> rules, Set<String> declaredFacts) {
    Set<String> facts = new LinkedHashSet<>();
    boolean session = false;
    boolean cacheable = true;
    for (CompiledRule r : rules) {
      for (Expr e : r.exprs()) {
        if (e.dynamic().contains("facts")) {
          facts.addAll(declaredFacts);
        }
        facts.addAll(e.fields().get("facts"));
        session |= e.uses("session");
        cacheable &= !e.uses("session") && !e.uses("facts") && !e.uses("now");
      }
    }
    return new ToolRules(tool, List.copyOf(rules), Set.copyOf(facts), session, cacheable,
        rules.stream().anyMatch(CompiledRule::shadow));
  }
}
