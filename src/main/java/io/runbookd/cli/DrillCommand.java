package io.runbookd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbookd drill RUNBOOK|--all [--list]}: starts drills on a running daemon (dry-run: probes
 * run, nothing is changed), waits for their results and prints one line per runbook; exit 0 only
 * when every drill passed. {@code --list} prints the runbook testing table instead.
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
    description = "Drills runbooks in dry-run on a running daemon and prints PASS or FAIL; --list prints the "
        + "runbook testing table.")
final class DrillCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "RUNBOOK", description = "The runbook's id, e.g. RB-101.")
  String runbook;

  @Option(names = "--all", description = "Drill every loaded runbook.")
  boolean all;

  @Option(names = "--list", description = "Print the runbook testing table (last tested, next test, status).")
  boolean list;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
      description = "How long to wait for the results (default: ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Mixin ServerOptions server;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (!list && (runbook == null) == !all) {
      err.println("runbookd drill: give a RUNBOOK or --all");
      err.flush();
      return 2;
    }
    try {
      ApiClient api = server.client();
      return list ? list(api) : new DrillRun(api, spec.commandLine().getOut(), waitSeconds).run(targets(api));
    } catch (ServerOptions.OptionsException | ApiClient.UnreachableException | RefusedException e) {
      err.println("runbookd: " + e.getMessage());
      err.flush();
      return 2;
    }
  }

  private int list(ApiClient api) throws ApiClient.UnreachableException, RefusedException {
    List<JsonNode> shown = new ArrayList<>();
    runbooks(api).forEach((id, node) -> {
      if (runbook == null || runbook.equals(id)) {
        shown.add(node);
      }
    });
    if (shown.isEmpty()) {
      throw new RefusedException("no such runbook " + runbook);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(TestingTable.of(shown));
    out.flush();
    return 0;
  }

  private List<String> targets(ApiClient api) throws ApiClient.UnreachableException, RefusedException {
    return all ? List.copyOf(runbooks(api).keySet()) : List.of(runbook);
  }

  /** The daemon's runbooks by id, in its order. */
  static Map<String, JsonNode> runbooks(ApiClient api) throws ApiClient.UnreachableException, RefusedException {
    ApiClient.Answer answer = api.get("/api/v1/runbooks");
    if (!answer.ok() || !answer.body().isArray()) {
      throw new RefusedException("cannot list runbooks: " + answer.error());
    }
    Map<String, JsonNode> out = new LinkedHashMap<>();
    answer.body().forEach(r -> out.put(r.path("id").asText(), r));
    return out;
  }

  /** The daemon refused what was asked. */
  static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }
}
