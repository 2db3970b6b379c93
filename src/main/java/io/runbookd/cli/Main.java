package io.runbookd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar runbookd.jar <command>}: the entry point, and nothing more. */
@Command(
    name = "runbookd",
    mixinStandardHelpOptions = true,
    description = "Alert-driven automated remediation for Prometheus Alertmanager.",
    subcommands = {ServeCommand.class, ValidateCommand.class})
public final class Main {
  public static void main(String[] args) {
    int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    if (code != 0 || args.length == 0 || !"serve".equals(args[0])) {
      System.exit(code);
    }
  }
}
