package dev.mcpbroker.policy;

import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.Tier;
import dev.mcpbroker.catalog.ToolSpec;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a parsed policy against a catalog into a {@link PolicySnapshot}: every CEL expression
 * compiles and type-checks, every fact and session field it reads is declared, every rule names a
 * declared tool and every declared tool has an enforced rule; signals compile like conditions and
 * name declared tools. Runs no embedded tests.
 */
final class SnapshotBuilder {
  static final CelEnv CEL = new CelEnv();

  private SnapshotBuilder() {}

  static PolicySnapshot build(byte[] bytes, String fileName, Catalog catalog) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new PolicyException(fileName + ":1: not UTF-8 (expected: a UTF-8 text file)", e);
    }
    PolicyYaml yaml = PolicyYaml.parse(text, fileName);
    PolicyFile file;
    try {
      file = PolicyParser.parse(yaml);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(fileName + ":1: " + e.getMessage(), e);
    }
    Map<String, PolicySnapshot.CompiledFact> facts = new LinkedHashMap<>();
    for (FactSpec f : file.facts().values()) {
      ToolSpec tool = tool(yaml, catalog, f.path() + ".tool", f.tool());
      if (tool.tier() != Tier.READ) {
        throw yaml.error(f.path() + ".tool", "\"" + f.tool() + "\" is tier " + tool.tier().yamlName()
            + " (expected: a read-tier tool; a fact look-up must not change anything)");
      }
      Map<String, Expr> args = new LinkedHashMap<>();
      f.args().forEach((k, src) -> args.put(k, CEL.compile(CelEnv.Scope.FACT, src, false, yaml, f.path() + ".args." + k)));
      facts.put(f.name(), new PolicySnapshot.CompiledFact(f, args));
    }
    Map<String, PolicySnapshot.CompiledSessionList> lists = new LinkedHashMap<>();
    for (SessionListSpec s : file.sessionLists().values()) {
      tool(yaml, catalog, s.path() + ".tool", s.tool());
      lists.put(s.name(), new PolicySnapshot.CompiledSessionList(s,
          CEL.compile(CelEnv.Scope.CALL, s.value(), false, yaml, s.path() + ".value")));
    }
    Map<String, List<CompiledSignal>> signals = new LinkedHashMap<>();
    for (SignalSpec sig : file.signals().values()) {
      for (int i = 0; i < sig.tools().size(); i++) {
        tool(yaml, catalog, PolicyYaml.index(sig.path() + ".tools", i), sig.tools().get(i));
      }
      Expr when = checked(yaml, CEL.compile(CelEnv.Scope.DECISION, sig.when(), true, yaml, sig.path() + ".when"),
          facts.keySet(), lists.keySet());
      sig.tools().forEach(t -> signals.computeIfAbsent(t, k -> new ArrayList<>()).add(new CompiledSignal(sig.name(), when)));
    }
    List<CompiledRule> rules = new ArrayList<>();
    for (RuleSpec r : file.rules()) {
      rules.add(compile(yaml, catalog, r, facts.keySet(), lists.keySet()));
    }
    Map<String, ToolRules> byTool = new LinkedHashMap<>();
    for (ToolSpec t : catalog.tools().values()) {
      List<CompiledRule> mine = rules.stream().filter(r -> r.spec().covers(t.name(), t.tier())).toList();
      if (mine.stream().allMatch(CompiledRule::shadow)) {
        throw yaml.error("rules", "tool \"" + t.name() + "\" of the catalog has no enforced rule"
            + " (expected: at least one non-shadow rule naming it or its tier " + t.tier().yamlName() + ")");
      }
      byTool.put(t.name(), ToolRules.of(t, mine, facts.keySet(), signals.getOrDefault(t.name(), List.of())));
    }
    return new PolicySnapshot(version(bytes), fileName, catalog, file, byTool, facts, lists);
  }

  private static CompiledRule compile(PolicyYaml yaml, Catalog catalog, RuleSpec r,
      Set<String> facts, Set<String> lists) {
    for (int i = 0; i < r.tools().size(); i++) {
      tool(yaml, catalog, r.path() + ".tools[" + i + "]", r.tools().get(i));
    }
    if (r.tier() != null && catalog.tools().values().stream().noneMatch(t -> t.tier() == r.tier())) {
      throw yaml.error(r.path() + ".tools.tier", "\"" + r.tier().yamlName()
          + "\" selects no tool (expected: a tier some tool of the catalog has)");
    }
    Expr when = checked(yaml, CEL.compile(CelEnv.Scope.DECISION, r.when(), true, yaml, r.path() + ".when"), facts, lists);
    Map<String, Expr> set = new LinkedHashMap<>();
    r.set().forEach((k, src) -> set.put(k, checked(yaml,
        CEL.compile(CelEnv.Scope.DECISION, src, false, yaml, r.path() + ".rewrite.set." + k), facts, lists)));
    Expr sum = r.budget() == null ? null : checked(yaml, CEL.compile(CelEnv.Scope.DECISION,
        r.budget().sum(), false, yaml, r.path() + ".obligations.budget.sum"), facts, lists);
    Expr approval = r.approval() == null ? null : checked(yaml, CEL.compile(CelEnv.Scope.DECISION,
        r.approval().when(), true, yaml, r.path() + ".obligations.approval.when"), facts, lists);
    if (r.effect() == RuleSpec.Kind.PERMIT) {
      grantsNothingOnActorHistory(yaml, when);
      set.values().forEach(e -> grantsNothingOnActorHistory(yaml, e));
      if (sum != null) {
        grantsNothingOnActorHistory(yaml, sum);
      }
      if (approval != null) {
        grantsNothingOnActorHistory(yaml, approval);
      }
    }
    return new CompiledRule(r, when, set, sum, approval);
  }

  /**
   * Earlier actors of a delegation chain (nested {@code act}, RFC 8693 §4.1) are history the token's
   * issuer relayed, not identities the broker verified: they may restrict a call (a forbid) but
   * never grant one, so no part of a permit may read them.
   */
  private static void grantsNothingOnActorHistory(PolicyYaml yaml, Expr e) {
    if (e.fields().get("principal").contains("actors") || e.dynamic().contains("principal")) {
      throw yaml.error(e.path(), CelEnv.quote(e.source()) + " reads principal.actors in a permit"
          + " (expected: actor history only in forbid rules: it is audited history and never grants a call)");
    }
  }

  /** Rejects {@code facts.x} for an undeclared fact and {@code session.x} for an undeclared list. */
  private static Expr checked(PolicyYaml yaml, Expr e, Set<String> facts, Set<String> lists) {
    for (String f : e.fields().get("facts")) {
      if (!facts.contains(f)) {
        throw yaml.error(e.path(), CelEnv.quote(e.source()) + " reads facts." + f
            + " (expected: a declared fact: " + String.join(", ", facts) + ")");
      }
    }
    for (String s : e.fields().get("session")) {
      if (!s.equals("id") && !s.equals("calls") && !lists.contains(s)) {
        throw yaml.error(e.path(), CelEnv.quote(e.source()) + " reads session." + s
            + " (expected: id, calls or a declared session list" + (lists.isEmpty() ? "" : ": " + String.join(", ", lists)) + ")");
      }
    }
    return e;
  }

  private static ToolSpec tool(PolicyYaml yaml, Catalog catalog, String path, String name) {
    return catalog.tool(name).orElseThrow(() -> yaml.error(path, "\"" + name
        + "\" (expected: a tool declared in the catalog: " + String.join(", ", catalog.tools().keySet()) + ")"));
  }

  static String version(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
