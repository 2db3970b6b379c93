package io.runbookd.cli;

import io.runbookd.rules.RuleLoader;
import io.runbookd.rules.RuleValidation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbookd validate [--rules DIR]}: exit 0 when every rule file is valid, 1 otherwise. */
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

  @Override
  public Integer call() {
    RuleValidation.Report report = new RuleValidation(new RuleLoader()).validate(rules);
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
