package dev.mcpbroker.policy;

import dev.mcpbroker.catalog.Catalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable, fully validated policy: compiled CEL programs per tool, the catalog it was checked
 * against, the entitlements, declared facts and embedded tests, and its version ({@code sha256:}
 * of the file's bytes). A reload builds a new snapshot; nothing in one ever changes.
 */
public final class PolicySnapshot {
  private final String version;
  private final String fileName;
  private final Catalog catalog;
  private final Entitlements entitlements;
  private final long sessionCallCap;
  private final Map<String, ToolRules> tools;
  private final Map<String, CompiledFact> facts;
  private final Map<String, CompiledSessionList> sessionLists;
  private final List<CompiledSessionList> sessionListOrder;
  private final List<PolicyTestCase> tests;
  private final PrincipalVars principalVars;

  /** A fact declaration with its argument expressions compiled. */
  record CompiledFact(FactSpec spec, Map<String, Expr> args) {}

  /** A derived session list with its value expression compiled. */
  record CompiledSessionList(SessionListSpec spec, Expr value) {}

  PolicySnapshot(String version, String fileName, Catalog catalog, PolicyFile file,
      Map<String, ToolRules> tools, Map<String, CompiledFact> facts,
      Map<String, CompiledSessionList> sessionLists) {
    this.version = version;
    this.fileName = fileName;
    this.catalog = catalog;
    this.entitlements = file.roles();
    this.sessionCallCap = file.sessionCallCap();
    this.tools = Collections.unmodifiableMap(new LinkedHashMap<>(tools));
    this.facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    this.sessionLists = Collections.unmodifiableMap(new LinkedHashMap<>(sessionLists));
    this.sessionListOrder = List.copyOf(this.sessionLists.values());
    this.tests = file.tests();
    this.principalVars = new PrincipalVars(entitlements);
  }

  /**
   * Reads, compiles and validates {@code file} against {@code catalog}, running its embedded tests.
   *
   * @throws PolicyException with a message {@code file:line: problem}
   */
  public static PolicySnapshot load(Path file, Catalog catalog) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PolicyException(file.getFileName() + ":1: cannot read the policy: " + e, e);
    }
    return parse(bytes, file.getFileName().toString(), catalog);
  }

  /** Compiles and validates policy bytes; {@code fileName} prefixes error messages. */
  public static PolicySnapshot parse(byte[] bytes, String fileName, Catalog catalog) {
    PolicySnapshot s = SnapshotBuilder.build(bytes, fileName, catalog);
    EmbeddedTests.requireAllPass(s);
    return s;
  }

  /** The content hash of the policy file, {@code sha256:} and 64 hex digits. */
  public String version() {
    return version;
  }

  public String fileName() {
    return fileName;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** How many embedded test cases the file carries. */
  public int testCount() {
    return tests.size();
  }

  Entitlements entitlements() {
    return entitlements;
  }

  /** The {@code principal} variable and {@code effective_limit} binding of each principal. */
  PrincipalVars principalVars() {
    return principalVars;
  }

  long sessionCallCap() {
    return sessionCallCap;
  }

  Optional<ToolRules> rulesFor(String tool) {
    return Optional.ofNullable(tools.get(tool));
  }

  Map<String, CompiledFact> facts() {
    return facts;
  }

  Map<String, CompiledSessionList> sessionLists() {
    return sessionLists;
  }

  /** The derived session lists in declaration order (the index a call's list values use). */
  List<CompiledSessionList> sessionListOrder() {
    return sessionListOrder;
  }

  List<PolicyTestCase> tests() {
    return tests;
  }
}
