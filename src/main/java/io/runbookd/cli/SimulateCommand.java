package io.runbookd.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.runbookd.alert.Alert;
import io.runbookd.config.Mode;
import io.runbookd.engine.Plan;
import io.runbookd.engine.Planner;
import io.runbookd.guard.Guardrails;
import io.runbookd.guard.ModeGuard;
import io.runbookd.guard.NamespaceGuard;
import io.runbookd.ingest.Notification;
import io.runbookd.ingest.PayloadException;
import io.runbookd.ingest.PayloadParser;
import io.runbookd.rules.LoadResult;
import io.runbookd.rules.RuleLoader;
import io.runbookd.server.Plugins;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbookd simulate --alert FILE}: which runbook matches each alert of a webhook payload
 * and the plan (probes, actions, guard decisions), without contacting any system.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Prints the matching runbook and its plan for an Alertmanager payload; touches nothing.")
public final class SimulateCommand implements Callable<Integer> {
  @Option(names = "--alert", paramLabel = "FILE", required = true, description = "Alertmanager webhook payload (JSON).")
  Path alert;

  @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules", description = "Rule files (default: ${DEFAULT-VALUE}).")
  Path rules;

  @Option(names = "--json", description = "Machine-readable output.")
  boolean json;

  @Option(names = "--mode", defaultValue = "dry-run", description = "Daemon mode to plan for: observe, dry-run, enforce (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--namespaces", split = ",", defaultValue = "nba-mcp", description = "kubernetes.namespaces allow-list (default: ${DEFAULT-VALUE}).")
  List<String> namespaces;

  @Spec CommandSpec spec;

  private final Supplier<Plugins> plugins;

  /** The plugins are built only when the command runs. */
  public SimulateCommand(Supplier<Plugins> plugins) {
    this.plugins = plugins;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    Mode daemonMode = Mode.parse(mode).orElse(null);
    if (daemonMode == null) {
      err.println("--mode: must be one of observe, dry-run, enforce");
      return 2;
    }
    Plugins plugins = this.plugins.get();
    LoadResult loaded = new RuleLoader(plugins).load(rules);
    if (!loaded.ok()) {
      loaded.lines().forEach(err::println);
      return 1;
    }
    Notification notification;
    try {
      notification = new PayloadParser(64L * 1024 * 1024).parse(Files.readAllBytes(alert));
    } catch (PayloadException e) {
      err.println(alert + ": " + e.field() + ": " + e.getMessage());
      return 1;
    }
    Planner planner = new Planner(loaded.ruleSet().orElseThrow(), plugins.probes(), plugins.actions(),
        new Guardrails(List.of(new ModeGuard(), new NamespaceGuard(namespaces, ""))), daemonMode, Map.of());
    List<Plan> plans = notification.alerts().stream().map(planner::plan).toList();
    print(plans, notification);
    return 0;
  }

  private void print(List<Plan> plans, Notification notification) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      out.println(mapper.writeValueAsString(PlanText.asMaps(plans)));
    } else {
      notification.rejected().forEach(r -> out.println("rejected " + r.field() + ": " + r.error()));
      plans.forEach(p -> out.print(PlanText.render(p)));
    }
    out.flush();
  }

  static String describe(Alert alert) {
    return alert.alertname();
  }
}
