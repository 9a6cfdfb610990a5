package dev.mcpbroker.policy;

import static dev.cel.common.types.SimpleType.BOOL;
import static dev.cel.common.types.SimpleType.STRING;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Exact decimal arithmetic for CEL over decimal strings ({@code "500.00"}): money never passes
 * through a binary float. A malformed operand is an evaluation error, so the call is denied with
 * {@code policy_error}.
 */
final class DecimalFunctions {
  /** Plain decimals only: no exponent, no NaN, at most 30 digits before the point, 18 after. */
  private static final int MAX_INTEGER_DIGITS = 30;
  private static final int MAX_FRACTION_DIGITS = 18;

  private DecimalFunctions() {}

  private record Fn(String name, boolean bool, BiFunction<BigDecimal, BigDecimal, Object> body) {}

  private static final List<Fn> FUNCTIONS = List.of(
      new Fn("decimal_lt", true, (a, b) -> a.compareTo(b) < 0),
      new Fn("decimal_le", true, (a, b) -> a.compareTo(b) <= 0),
      new Fn("decimal_gt", true, (a, b) -> a.compareTo(b) > 0),
      new Fn("decimal_ge", true, (a, b) -> a.compareTo(b) >= 0),
      new Fn("decimal_eq", true, (a, b) -> a.compareTo(b) == 0),
      new Fn("decimal_min", false, (a, b) -> (a.compareTo(b) <= 0 ? a : b).toPlainString()),
      new Fn("decimal_max", false, (a, b) -> (a.compareTo(b) >= 0 ? a : b).toPlainString()),
      new Fn("decimal_add", false, (a, b) -> a.add(b).toPlainString()),
      new Fn("decimal_sub", false, (a, b) -> a.subtract(b).toPlainString()),
      // for shares of a limit, e.g. 90% of it: decimal_mul(effective_limit("refund_limit"), "0.9")
      new Fn("decimal_mul", false, (a, b) -> a.multiply(b).stripTrailingZeros().toPlainString()));

  static List<CelFunctionDecl> declarations() {
    List<CelFunctionDecl> out = new ArrayList<>();
    for (Fn f : FUNCTIONS) {
      out.add(CelFunctionDecl.newFunctionDeclaration(f.name(),
          CelOverloadDecl.newGlobalOverload(f.name() + "_string_string", f.bool() ? BOOL : STRING, STRING, STRING)));
    }
    return out;
  }

  static List<CelFunctionBinding> bindings() {
    List<CelFunctionBinding> out = new ArrayList<>();
    for (Fn f : FUNCTIONS) {
      out.add(CelFunctionBinding.from(f.name() + "_string_string", String.class, String.class,
          (a, b) -> f.body().apply(parse(f.name(), a), parse(f.name(), b))));
    }
    return out;
  }

  /** Parses a decimal string, or fails the evaluation naming the function and the value. */
  static BigDecimal parse(String function, String s) throws CelEvaluationException {
    if (!isDecimal(s)) {
      throw new CelEvaluationException(function + ": \"" + s + "\" (expected: a decimal string such as \"50.00\")");
    }
    return new BigDecimal(s);
  }

  /** Tells whether {@code s} is a decimal these functions accept. */
  static boolean isDecimal(String s) {
    // [+-]?[0-9]{1,30}(\.[0-9]{1,18})? scanned by hand: a regex match was a tenth of a decision
    if (s == null) {
      return false;
    }
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int integer = digits(s, i);
    if (integer < 1 || integer > MAX_INTEGER_DIGITS) {
      return false;
    }
    i += integer;
    if (i == n) {
      return true;
    }
    if (s.charAt(i) != '.') {
      return false;
    }
    int fraction = digits(s, i + 1);
    return fraction >= 1 && fraction <= MAX_FRACTION_DIGITS && i + 1 + fraction == n;
  }

  /** The number of ASCII digits in {@code s} from {@code from} on. */
  private static int digits(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }
}
