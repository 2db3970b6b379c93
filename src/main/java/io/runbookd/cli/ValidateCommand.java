package io.runbookd.cli;

import io.runbookd.plugin.Catalog;
import io.runbookd.rbac.GrantedRbac;
import io.runbookd.rbac.Needs;
import io.runbookd.rbac.RbacCheck;
import io.runbookd.rules.LoadResult;
import io.runbookd.rules.RuleLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbookd validate [--rules DIR] [--rbac FILE]}: exit 0 when every rule file is valid, 1
 * otherwise. It checks plugin names and parameters against the declarations the composition root
 * builds, the same ones the daemon uses; {@link Main}'s factory passes them, built only when the
 * command runs. With {@code --rbac}, it also warns (exit code unchanged) about every Kubernetes
 * permission a step needs that the RBAC file does not grant.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Checks every rule file; prints file:line: message for each problem.")
public final class ValidateCommand implements Callable<Integer> {

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      defaultValue = "rules",
      description = "Directory of rule files (default: ${DEFAULT-VALUE}).")
  Path rules;

  @Option(
      names = "--rbac",
      paramLabel = "FILE",
      description = "RBAC manifest runbookd runs with: warn about permissions the rules need that it lacks.")
  Path rbac;

  @Spec CommandSpec spec;

  private final Supplier<? extends Catalog> catalog;
  private final Supplier<List<String>> namespaces;
  private final Supplier<java.util.Optional<io.runbookd.config.RunbookdConfig.Guards>> guards;

  /** The plugin declarations are built only when the command runs. */
  public ValidateCommand(Supplier<? extends Catalog> catalog) {
    this(catalog, () -> List.of(), java.util.Optional::empty);
  }

  /**
   * @param namespaces the namespaces actions may touch ({@code kubernetes.namespaces})
   * @param guards the configured guards, to warn about rules that cannot finish under them
   */
  public ValidateCommand(Supplier<? extends Catalog> catalog, Supplier<List<String>> namespaces,
      Supplier<java.util.Optional<io.runbookd.config.RunbookdConfig.Guards>> guards) {
    this.catalog = catalog;
    this.namespaces = namespaces;
    this.guards = guards;
  }

  @Override
  public Integer call() {
    Catalog plugins = catalog.get();
    LoadResult result = new RuleLoader(plugins).load(rules);
    PrintWriter err = spec.commandLine().getErr();
    result.lines().forEach(err::println);
    err.flush();
    if (!result.ok()) {
      return 1;
    }
    if (rbac != null) {
      warnAboutRbac(plugins, result, err);
    }
    guards.get().ifPresent(g -> GuardFit.warnings(result.ruleSet().orElseThrow(), g).forEach(err::println));
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    out.println(result.files() + " rule files valid");
    out.flush();
    return 0;
  }

  private void warnAboutRbac(Catalog plugins, LoadResult result, PrintWriter err) {
    try {
      GrantedRbac granted = GrantedRbac.read(rbac);
      new RbacCheck(namespaces.get())
          .missing(new Needs(plugins).of(result.ruleSet().orElseThrow()), granted, rbac.toString())
          .forEach(err::println);
    } catch (IOException e) {
      String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
      err.println(rbac + ": warning: cannot read the RBAC file (" + why + ")");
    }
    err.flush();
  }
}
