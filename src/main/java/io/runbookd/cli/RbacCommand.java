package io.runbookd.cli;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.rbac.Needs;
import io.runbookd.rbac.RbacManifest;
import io.runbookd.rbac.RbacPlanner;
import io.runbookd.rules.LoadResult;
import io.runbookd.rules.RuleLoader;
import io.runbookd.server.OfflinePlugins;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbookd rbac [--rules DIR] [--namespace NS]...}: the Kubernetes Roles (and a ClusterRole
 * only for cluster-scoped reads) the loaded rules need, bound to runbookd's ServiceAccount; the
 * PostgreSQL grants and AWS IAM policy as comments. Derived from each plugin's declared
 * permissions and the steps that use it: exactly those verbs, nothing else.
 */
@Command(
    name = "rbac",
    mixinStandardHelpOptions = true,
    description = "Prints the Kubernetes RBAC (and, as comments, PostgreSQL grants and IAM policy) the rules need.")
public final class RbacCommand implements Callable<Integer> {
  @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules", description = "Rule files (default: ${DEFAULT-VALUE}).")
  Path rules;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "A namespace actions may touch; repeat for several (default: kubernetes.namespaces).")
  List<String> namespaces;

  @Option(
      names = "--service-account",
      paramLabel = "NS/NAME",
      defaultValue = "runbookd/runbookd",
      description = "runbookd's ServiceAccount, the subject of the bindings (default: ${DEFAULT-VALUE}).")
  String serviceAccount;

  @Spec CommandSpec spec;

  private final Supplier<OfflinePlugins> offline;

  /** The plugins and configuration are read only when the command runs. */
  public RbacCommand(Supplier<OfflinePlugins> offline) {
    this.offline = offline;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    RbacManifest.Subject subject;
    try {
      subject = RbacManifest.Subject.parse(serviceAccount);
    } catch (IllegalArgumentException e) {
      err.println("--service-account: " + e.getMessage());
      return 2;
    }
    if (namespaces != null) {
      for (String ns : namespaces) {
        if (!ns.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
          err.println("--namespace: '" + ns + "' is not a valid namespace name");
          return 2;
        }
      }
    }
    RunbookdConfig config = offline.get().config();
    LoadResult loaded = new RuleLoader(offline.get().plugins()).load(rules);
    if (!loaded.ok()) {
      loaded.lines().forEach(err::println);
      err.flush();
      return 1;
    }
    List<String> allowed = namespaces == null ? config.kubernetes().namespaces() : namespaces;
    var needs = new Needs(offline.get().plugins()).of(loaded.ruleSet().orElseThrow());
    PrintWriter out = spec.commandLine().getOut();
    out.print(RbacManifest.render(new RbacPlanner(allowed).plan(needs), subject, users(config)));
    out.flush();
    return 0;
  }

  static Map<String, String> users(RunbookdConfig config) {
    Map<String, String> users = new TreeMap<>();
    config.datasources().forEach((name, ds) -> ds.user().ifPresent(u -> users.put(name, u)));
    return users;
  }
}
