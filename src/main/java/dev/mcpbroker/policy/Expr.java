package dev.mcpbroker.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.CelRuntime;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One compiled, type-checked CEL expression and what it reads: which variables, and which fields
 * of {@code facts} and {@code session} (so the engine fetches only the facts a tool's rules use and
 * knows which decisions can be cached). A program is immutable and thread-safe.
 *
 * @param fields for each of {@code facts}, {@code session} and {@code principal}, the fields selected by name
 * @param dynamic variables read other than by {@code var.field} (e.g. {@code facts["x"]}): all of
 *     their fields count as read
 */
record Expr(
    String path,
    String source,
    CelRuntime.Program program,
    Set<String> vars,
    Map<String, Set<String>> fields,
    Set<String> dynamic) {

  static Expr of(String path, String source, CelAbstractSyntaxTree ast, CelRuntime.Program program) {
    Set<String> vars = new LinkedHashSet<>();
    for (CelReference r : ast.getReferenceMap().values()) {
      if (r.overloadIds().isEmpty() && !r.name().isEmpty()) {
        vars.add(r.name());
      }
    }
    Map<String, Set<String>> fields =
        Map.of("facts", new LinkedHashSet<>(), "session", new LinkedHashSet<>(), "principal", new LinkedHashSet<>());
    Set<String> dynamic = new LinkedHashSet<>(vars);
    Set<Long> selectedIdents = new LinkedHashSet<>();
    CelNavigableAst.fromAst(ast).getRoot().allNodes().forEach(n -> {
      CelExpr e = n.expr();
      if (e.exprKind().getKind() == CelExpr.ExprKind.Kind.SELECT
          && e.select().operand().exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT) {
        String var = e.select().operand().ident().name();
        if (fields.containsKey(var)) {
          fields.get(var).add(e.select().field());
          selectedIdents.add(e.select().operand().id());
        }
      }
    });
    // a variable counts as read whole if any of its identifier nodes is not the operand of a select
    dynamic.clear();
    CelNavigableAst.fromAst(ast).getRoot().allNodes().forEach(n -> {
      CelExpr e = n.expr();
      if (e.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT && !selectedIdents.contains(e.id())
          && vars.contains(e.ident().name())) {
        dynamic.add(e.ident().name());
      }
    });
    return new Expr(path, source, program, Set.copyOf(vars),
        Map.of("facts", Set.copyOf(fields.get("facts")), "session", Set.copyOf(fields.get("session")),
            "principal", Set.copyOf(fields.get("principal"))),
        Set.copyOf(dynamic));
  }

  boolean uses(String var) {
    return vars.contains(var);
  }

  /**
   * Evaluates over {@code variables}, looked up in place: CEL's map overload would copy them into
   * an immutable map on every evaluation (a tenth of a decision's time).
   */
  Object eval(Map<String, ?> variables, CelFunctionResolver functions) throws CelEvaluationException {
    return program.eval(name -> Optional.ofNullable(variables.get(name)), functions);
  }
}
