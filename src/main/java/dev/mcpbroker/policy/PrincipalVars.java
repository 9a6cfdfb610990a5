package dev.mcpbroker.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.CelLateFunctionBindings;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, per principal, what the rules of one snapshot see of it: the {@code principal}
 * variable and the {@code effective_limit} binding. Both depend only on the principal and the
 * snapshot's entitlements, yet building them (maps, decimal strings, CEL's binding tables) was
 * about a tenth of a refund decision; a reload builds a new snapshot and so starts afresh.
 */
final class PrincipalVars {
  /** What one principal's calls share: both immutable. */
  record Bound(Map<String, Object> principal, CelFunctionResolver functions) {}

  private final Entitlements entitlements;
  private final Cache<PrincipalView, Bound> bound =
      Caffeine.newBuilder().executor(Caches.SAME_THREAD).maximumSize(10_000).build();

  PrincipalVars(Entitlements entitlements) {
    this.entitlements = entitlements;
  }

  Bound of(PrincipalView p) {
    Bound b = bound.getIfPresent(p);
    if (b == null) {
      b = build(p);
      bound.put(p, b);
    }
    return b;
  }

  private Bound build(PrincipalView p) {
    Map<String, Object> principal = new HashMap<>(12);
    principal.put("agent", p.agent());
    principal.put("subject", p.subject());
    principal.put("actors", p.actors());
    principal.put("scopes", p.sortedScopes());
    principal.put("session", p.sessionId());
    Map<String, Object> limits = new LinkedHashMap<>();
    entitlements.effectiveAll(p.agent(), p.subject()).forEach((k, v) -> limits.put(k, v.toPlainString()));
    principal.put("entitlements", Collections.unmodifiableMap(limits));
    // "0" when either side lacks the limit
    CelFunctionResolver functions = CelLateFunctionBindings.from(CelFunctionBinding.from(
        CelEnv.EFFECTIVE_LIMIT_OVERLOAD, String.class,
        name -> entitlements.effective(p.agent(), p.subject(), name).map(d -> d.toPlainString()).orElse("0")));
    return new Bound(Collections.unmodifiableMap(principal), functions);
  }
}
