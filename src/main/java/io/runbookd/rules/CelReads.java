package io.runbookd.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.ExprKind.Kind;
import dev.cel.common.ast.CelReference;
import dev.cel.common.navigation.CelNavigableAst;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a checked step expression reads, found in its syntax tree rather than its text: the keys it
 * selects from each map variable ({@code probes.pods}, {@code probes["pods"]}, {@code
 * vars.health_url}, {@code alert.labels.deployment}), and whether it reads {@code alert.value} or
 * {@code result} at all. Identifiers are resolved through the checker's references, so a
 * comprehension variable that happens to be called {@code probes} is not the variable.
 *
 * @param keys by variable, the keys read; {@code has(probes.pods)} only tests presence and is not a
 *     read
 * @param tested by variable, the keys only tested with {@code has()}
 * @param variables every variable the expression names
 */
record CelReads(
    Map<String, Set<String>> keys, Map<String, Set<String>> tested, Set<String> variables) {

  static CelReads of(CelAbstractSyntaxTree ast) {
    Map<String, Set<String>> keys = new LinkedHashMap<>();
    Map<String, Set<String>> tested = new LinkedHashMap<>();
    Set<String> variables = new HashSet<>();
    CelNavigableAst.fromAst(ast)
        .getRoot()
        .allNodes()
        .forEach(
            node -> {
              CelExpr expr = node.expr();
              if (expr.getKind() == Kind.IDENT) {
                variable(ast, expr).ifPresent(variables::add);
              } else if (expr.getKind() == Kind.SELECT) {
                CelExpr.CelSelect select = expr.select();
                variable(ast, select.operand())
                    .ifPresent(v -> add(select.testOnly() ? tested : keys, v, select.field()));
              } else if (isConstantIndex(expr)) {
                List<CelExpr> args = expr.call().args();
                variable(ast, args.get(0))
                    .ifPresent(v -> add(keys, v, args.get(1).constant().stringValue()));
              }
            });
    return new CelReads(keys, tested, variables);
  }

  /** The keys of {@code variable} read, in the order they appear. */
  Set<String> of(String variable) {
    return keys.getOrDefault(variable, Set.of());
  }

  /** The keys of {@code variable} named at all, read or tested. */
  Set<String> named(String variable) {
    Set<String> out = new LinkedHashSet<>(of(variable));
    out.addAll(tested.getOrDefault(variable, Set.of()));
    return out;
  }

  private static Optional<String> variable(CelAbstractSyntaxTree ast, CelExpr expr) {
    if (expr.getKind() != Kind.IDENT) {
      return Optional.empty();
    }
    return ast.getReference(expr.id()).map(CelReference::name);
  }

  private static boolean isConstantIndex(CelExpr expr) {
    return expr.getKind() == Kind.CALL
        && expr.call().function().equals("_[_]")
        && expr.call().args().size() == 2
        && expr.call().args().get(1).getKind() == Kind.CONSTANT
        && expr.call().args().get(1).constant().getKind() == CelConstant.Kind.STRING_VALUE;
  }

  private static void add(Map<String, Set<String>> map, String variable, String key) {
    map.computeIfAbsent(variable, k -> new LinkedHashSet<>()).add(key);
  }
}
