package io.runbookd.cli;

import io.runbookd.plugin.Catalog;
import io.runbookd.rules.RuleLoader;
import io.runbookd.rules.RuleValidation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbookd validate [--rules DIR]}: exit 0 when every rule file is valid, 1 otherwise. It
 * checks plugin names and parameters against the declarations the composition root builds, the same
 * ones the daemon uses; {@link Main}'s factory passes them, built only when the command runs.
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

  @Spec CommandSpec spec;

  private final Supplier<? extends Catalog> catalog;

  /** The plugin declarations are built only when the command runs. */
  public ValidateCommand(Supplier<? extends Catalog> catalog) {
    this.catalog = catalog;
  }

  @Override
  public Integer call() {
    RuleLoader loader = new RuleLoader(catalog.get());
    RuleValidation.Report report = new RuleValidation(loader).validate(rules);
    PrintWriter err = spec.commandLine().getErr();
    report.problems().forEach(err::println);
    err.flush();
    if (!report.valid()) {
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(report.files() + " rule files valid");
    out.flush();
    return 0;
  }
}
