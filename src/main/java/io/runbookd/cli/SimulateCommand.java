package io.runbookd.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.runbookd.config.Mode;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.engine.Plan;
import io.runbookd.engine.Planner;
import io.runbookd.ingest.Notification;
import io.runbookd.ingest.PayloadException;
import io.runbookd.ingest.PayloadParser;
import io.runbookd.rules.LoadResult;
import io.runbookd.rules.ManualParams;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleLoader;
import io.runbookd.rules.RuleSet;
import io.runbookd.server.OfflinePlugins;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbookd simulate --alert FILE}: which runbook matches each alert of a webhook payload
 * and the plan (probes, actions, guard decisions); {@code simulate --runbook ID [--param K=V]}:
 * the whole plan of a run, stages and gates included. Neither contacts any system.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Prints the plan for an Alertmanager payload (--alert) or for a run of a runbook (--runbook);"
        + " touches nothing.")
public final class SimulateCommand implements Callable<Integer> {
  static final class What {
    @Option(names = "--alert", paramLabel = "FILE", required = true, description = "Alertmanager webhook payload (JSON).")
    Path alert;

    @Option(names = "--runbook", paramLabel = "ID", required = true,
        description = "A runbook started by hand or by its schedule, e.g. RB-001.")
    String runbook;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  @Option(names = "--param", paramLabel = "K=V",
      description = "A parameter of the run (repeatable); the runbook's defaults fill the rest.")
  Map<String, String> params = new LinkedHashMap<>();

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
  private final Clock clock;

  /** The plugins and configuration ({@code config/runbookd.yaml}) are read only when it runs. */
  public SimulateCommand(Supplier<OfflinePlugins> offline) {
    this(offline, Clock.systemUTC());
  }

  SimulateCommand(Supplier<OfflinePlugins> offline, Clock clock) {
    this.offline = offline;
    this.clock = clock;
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
    if (what.alert != null && !params.isEmpty()) {
      err.println("--param: only a run (--runbook) takes parameters; an alert brings its labels");
      return 2;
    }
    LoadResult loaded = new RuleLoader(offline.get().plugins()).load(rules);
    if (!loaded.ok()) {
      loaded.lines().forEach(err::println);
      return 1;
    }
    RuleSet ruleSet = loaded.ruleSet().orElseThrow();
    Planner planner = offline.get().planner(ruleSet, daemonMode,
        namespaces == null ? config.kubernetes().namespaces() : namespaces);
    return what.alert != null ? alert(planner, err) : run(planner, ruleSet, err);
  }

  private int alert(Planner planner, PrintWriter err) throws IOException {
    Notification notification;
    try {
      notification = new PayloadParser(64L * 1024 * 1024).parse(Files.readAllBytes(what.alert));
    } catch (PayloadException e) {
      err.println(what.alert + ": " + e.field() + ": " + e.getMessage());
      return 1;
    }
    List<Plan> plans = notification.alerts().stream().map(planner::plan).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (!json) {
      notification.rejected().forEach(r -> out.println("rejected " + r.field() + ": " + r.error()));
    }
    print(plans);
    return 0;
  }

  private int run(Planner planner, RuleSet ruleSet, PrintWriter err) throws IOException {
    Optional<Rule> rule = ruleSet.byId(what.runbook);
    if (rule.isEmpty()) {
      err.println("--runbook: no runbook " + what.runbook + "; loaded: "
          + String.join(", ", ruleSet.rules().stream().map(Rule::id).toList()));
      return 1;
    }
    if (!rule.get().triggers().startedByHand() && !rule.get().triggers().scheduled()) {
      err.println("--runbook: " + rule.get().id() + " is started by alerts only; simulate it with --alert");
      return 1;
    }
    ManualParams declared = rule.get().triggers().manual().orElse(ManualParams.none());
    ManualParams.Binding bound = rule.get().triggers().startedByHand() ? declared.bind(params)
        : params.isEmpty() ? new ManualParams.Binding(Map.of(), List.of())
        : new ManualParams.Binding(Map.of(), List.of("--param: " + rule.get().id() + " runs by its schedule and takes"
            + " no parameters"));
    if (!bound.ok()) {
      bound.problems().forEach(p -> err.println(p.startsWith("--param") ? p : "--param " + p));
      return 1;
    }
    print(List.of(planner.planRun(rule.get(), bound.values(), clock.instant())));
    return 0;
  }

  private void print(List<Plan> plans) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      out.println(mapper.writeValueAsString(PlanText.asMaps(plans)));
    } else {
      plans.forEach(p -> out.print(PlanText.render(p)));
    }
    out.flush();
  }
}
