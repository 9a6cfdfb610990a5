package dev.mcpbroker.policy;

import static dev.cel.common.types.SimpleType.DYN;
import static dev.cel.common.types.SimpleType.STRING;
import static dev.cel.common.types.SimpleType.TIMESTAMP;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The CEL environments policies are compiled in. Every variable is declared with its type, so a
 * misspelt variable, an unknown function or a wrong operator fails when the file loads; structured
 * inputs are {@code map(string, dyn)} because their shape comes from tool schemas.
 *
 * <p>{@code effective_limit(name)} is declared here and bound per call (it needs the principal).
 */
final class CelEnv {
  static final String EFFECTIVE_LIMIT = "effective_limit";
  static final String EFFECTIVE_LIMIT_OVERLOAD = "effective_limit_string";
  private static final CelType OBJECT = MapType.create(STRING, DYN);

  /** Which variables an expression may see. */
  enum Scope {
    /** Rule conditions, rewrites and obligations: everything. */
    DECISION(List.of("principal", "tool", "args", "session", "facts", "now")),
    /** Fact look-up arguments: the call itself, nothing fetched. */
    FACT(List.of("principal", "tool", "args", "now")),
    /** Derived session lists: one earlier call. */
    CALL(List.of("call"));

    final List<String> vars;

    Scope(List<String> vars) {
      this.vars = vars;
    }
  }

  private final Cel[] cels = new Cel[Scope.values().length];

  CelEnv() {
    for (Scope s : Scope.values()) {
      var b = CelFactory.standardCelBuilder()
          .setOptions(CelOptions.current().build())
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addFunctionDeclarations(DecimalFunctions.declarations())
          .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration(EFFECTIVE_LIMIT,
              CelOverloadDecl.newGlobalOverload(EFFECTIVE_LIMIT_OVERLOAD, STRING, STRING)))
          .addFunctionBindings(DecimalFunctions.bindings());
      for (String v : s.vars) {
        b.addVar(v, v.equals("now") ? TIMESTAMP : OBJECT);
      }
      cels[s.ordinal()] = b.build();
    }
  }

  /**
   * Compiles and type-checks {@code source}; {@code bool} demands a boolean (or dyn) result.
   *
   * @throws PolicyException naming file, line and field through {@code yaml} and {@code path}
   */
  Expr compile(Scope scope, String source, boolean bool, PolicyYaml yaml, String path) {
    Cel cel = cels[scope.ordinal()];
    CelValidationResult r = cel.compile(source);
    if (r.hasError()) {
      String issues = r.getErrors().stream().map(CelCompileIssues::describe).collect(Collectors.joining("; "));
      throw yaml.error(path, quote(source) + " (expected: a CEL expression over "
          + String.join(", ", scope.vars) + " that type-checks: " + issues + ")");
    }
    try {
      CelAbstractSyntaxTree ast = r.getAst();
      CelKind kind = ast.getResultType().kind();
      if (bool && kind != CelKind.BOOL && kind != CelKind.DYN) {
        throw yaml.error(path, quote(source) + " (expected: a condition giving bool, not "
            + ast.getResultType().name() + ")");
      }
      return Expr.of(path, source, ast, cel.createProgram(ast));
    } catch (dev.cel.common.CelValidationException | CelEvaluationException e) {
      throw yaml.error(path, quote(source) + " (expected: a compilable CEL expression: " + e.getMessage() + ")");
    }
  }

  static String quote(String s) {
    return "'" + s.replace("\n", " ").trim() + "'";
  }

  /** Renders CEL issues on one line each. */
  static final class CelCompileIssues {
    private CelCompileIssues() {}

    static String describe(CelIssue i) {
      int col = i.getSourceLocation().getColumn();
      return i.getMessage().replace(" (in container '')", "") + (col >= 0 ? " at column " + (col + 1) : "");
    }
  }
}
