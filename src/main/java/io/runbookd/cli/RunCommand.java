package io.runbookd.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbookd run RUNBOOK [--param K=V]...}: starts a manual run on a running daemon and prints
 * its incident id. Exit 0 when it started; 1 when the daemon refused it (the error names the bad
 * parameter, every problem follows); 2 when the daemon could not be reached.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Starts a manual run of a runbook on a running daemon; prints the incident id.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUNBOOK", description = "The runbook's id, e.g. RB-002.")
  String runbook;

  @Option(names = "--param", paramLabel = "K=V", description = "A parameter of the runbook's manual trigger.")
  Map<String, String> params = new LinkedHashMap<>();

  @Mixin ServerOptions server;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      ApiClient.Answer answer = server.client().post(path(runbook, "runs"),
          Map.of("by", Who.user(), "params", params));
      if (answer.status() == 202) {
        out.println(answer.body().path("incident").asText());
        out.flush();
        return 0;
      }
      err.println("runbookd: " + answer.error());
      answer.body().path("problems").forEach(p -> err.println("  " + p.asText()));
      err.flush();
      return answer.status() >= 400 && answer.status() < 500 ? 1 : 2;
    } catch (ServerOptions.OptionsException | ApiClient.UnreachableException e) {
      err.println("runbookd: " + e.getMessage());
      err.flush();
      return 2;
    }
  }

  /** {@code /api/v1/runbooks/ID/what}, the id encoded. */
  static String path(String runbook, String what) {
    return "/api/v1/runbooks/" + URLEncoder.encode(runbook, StandardCharsets.UTF_8).replace("+", "%20") + "/" + what;
  }
}
