package io.runbookd.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import io.runbookd.config.RunbookdConfig;
import io.runbookd.server.OfflinePlugins;
import io.runbookd.server.Plugins;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Option(names = "--mode", description = "Daemon mode to plan for: observe, dry-run, enforce (default: the configured mode).")
  String mode;

  @Option(names = "--namespaces", split = ",", description = "kubernetes.namespaces allow-list (default: the configured one).")
  List<String> namespaces;

  @Spec CommandSpec spec;

  private final Supplier<OfflinePlugins> offline;

  /** The plugins and configuration ({@code config/runbookd.yaml}) are read only when it runs. */
  public SimulateCommand(Supplier<OfflinePlugins> offline) {
    this.offline = offline;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    RunbookdConfig config = offline.get().config();
    Mode daemonMode = mode == null ? config.mode() : Mode.parse(mode).orElse(null);
    if (daemonMode == null) {
      err.println("--mode: must be one of observe, dry-run, enforce");
      return 2;
    }
    List<String> allowed = namespaces == null ? config.kubernetes().namespaces() : namespaces;
    Plugins plugins = offline.get().plugins();
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
        new Guardrails(List.of(new ModeGuard(), new NamespaceGuard(allowed, ""))), daemonMode, config.vars(),
        io.runbookd.incident.Priority.severities(config.escalation().severities()));
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

}
