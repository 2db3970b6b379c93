package io.runbookd.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.runbookd.actions.Actions;
import io.runbookd.actions.k8s.RolloutRestart;
import io.runbookd.actions.k8s.DeletePods;
import io.runbookd.actions.k8s.EvictPod;
import io.runbookd.actions.k8s.PatchHpa;
import io.runbookd.actions.k8s.RolloutUndo;
import io.runbookd.actions.k8s.Scale;
import io.runbookd.actions.k8s.SetEnv;
import io.runbookd.actions.k8s.SetResources;
import io.runbookd.actions.aws.RdsModifyInstanceClass;
import io.runbookd.actions.aws.RotateSecret;
import io.runbookd.actions.aws.S3DeleteOld;
import io.runbookd.actions.http.HttpPost;
import io.runbookd.actions.mlflow.DeleteAlias;
import io.runbookd.actions.mlflow.SetAlias;
import io.runbookd.mlflow.MlflowRegistry;
import io.runbookd.probes.mlflow.MlflowModelVersion;
import io.runbookd.actions.sql.CreateIndexConcurrently;
import io.runbookd.actions.sql.DropIndexConcurrently;
import io.runbookd.actions.sql.ReindexConcurrently;
import io.runbookd.actions.sql.VacuumAnalyze;
import io.runbookd.actions.sql.TerminateBackend;
import io.runbookd.escalation.Pagers;
import io.runbookd.plugin.Catalog;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.probes.Probes;
import io.runbookd.probes.aws.CloudWatchMetric;
import io.runbookd.probes.aws.RdsSnapshots;
import io.runbookd.probes.aws.S3Objects;
import io.runbookd.probes.aws.SecretsAge;
import io.runbookd.probes.aws.CostAndUsage;
import io.runbookd.probes.http.HttpGet;
import io.runbookd.probes.sql.IndexBloat;
import io.runbookd.probes.sql.SqlQuery;
import io.runbookd.sql.NamedQueries;
import io.runbookd.probes.prometheus.PrometheusQuery;
import io.runbookd.probes.prometheus.PrometheusRange;
import io.runbookd.http.AllowedHosts;
import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.probes.k8s.Events;
import io.runbookd.probes.k8s.Hpa;
import io.runbookd.probes.k8s.PodLogs;
import io.runbookd.probes.k8s.PodStatus;
import io.runbookd.probes.k8s.TopPods;
import io.runbookd.probes.k8s.RolloutHistory;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every plugin runbookd ships, one line each: adding a probe, action or pager is one class
 * plus one line here.
 */
public record Plugins(Probes probes, Actions actions, Pagers pagers) implements Catalog {

  /**
   * The least time between two pages to one pager: PagerDuty takes about 120 events a minute
   * per routing key, a Slack webhook about one message a second.
   */
  public static final java.util.Map<String, java.time.Duration> PAGER_SPACING =
      java.util.Map.of(
          "pagerduty", java.time.Duration.ofMillis(500),
          "slack", java.time.Duration.ofSeconds(1),
          "opsgenie", java.time.Duration.ofMillis(200));

  public static Plugins create(Clients clients) {
    KubernetesClient kubernetes = clients.kubernetes();
    Clock clock = clients.clock();
    AllowedHosts hosts = new AllowedHosts(clients.config().httpAllowedHosts());
    ReadNamespaces readable = new ReadNamespaces(clients.config().kubernetes().readNamespaces());
    MlflowRegistry mlflow = new MlflowRegistry(clients.config().mlflow().url(),
        clients.config().mlflow().token(), hosts, clients.http(), clients.post());
    return new Plugins(
        new Probes(List.of(
            new RolloutHistory(kubernetes, clock, readable),
            new PodStatus(kubernetes, readable),
            new PodLogs(kubernetes, readable),
            new TopPods(kubernetes, readable),
            new Events(kubernetes, clock, readable),
            new Hpa(kubernetes, readable),
            new CloudWatchMetric(clients.aws(), clock),
            new S3Objects(clients.aws(), clock),
            new SecretsAge(clients.aws(), clock),
            new RdsSnapshots(clients.aws(), clock),
            new CostAndUsage(clients.aws(), clock),
            new HttpGet(hosts, clients.http()),
            new PrometheusQuery(clients.config().prometheusUrl(), clients.http()),
            new PrometheusRange(clients.config().prometheusUrl(), clients.http(), clock),
            new MlflowModelVersion(mlflow),
            new SqlQuery(clients.sql(), new NamedQueries(clients.config().queries())),
            new IndexBloat(clients.sql()))),
        new Actions(List.of(
            new RolloutRestart(kubernetes, clock),
            new SetEnv(kubernetes),
            new EvictPod(kubernetes),
            new Scale(kubernetes),
            new SetResources(kubernetes),
            new RolloutUndo(kubernetes),
            new DeletePods(kubernetes),
            new PatchHpa(kubernetes),
            new TerminateBackend(clients.sqlWriters()),
            new CreateIndexConcurrently(clients.sqlWriters()),
            new DropIndexConcurrently(clients.sqlWriters()),
            new VacuumAnalyze(clients.sqlWriters()),
            new ReindexConcurrently(clients.sqlWriters()),
            new RdsModifyInstanceClass(clients.aws()),
            new S3DeleteOld(clients.aws(), clock),
            new RotateSecret(clients.aws(), clock),
            new HttpPost(hosts, clients.post()),
            new SetAlias(mlflow),
            new DeleteAlias(mlflow))),
        new Pagers(ConfiguredPagers.of(clients.config().pagers(),
            clients.config().slack().signingSecret().isPresent(), clients.pagerHttp())));
  }

  @Override
  public Optional<PluginInfo> find(Kind kind, String name) {
    return switch (kind) {
      case PROBE -> probes.find(name).map(p -> p.info());
      case ACTION -> actions.find(name).map(a -> a.info());
      case PAGER -> pagers.find(name).map(p -> p.info());
    };
  }

  @Override
  public SortedSet<String> names(Kind kind) {
    TreeSet<String> names = new TreeSet<>();
    switch (kind) {
      case PROBE -> probes.all().forEach(p -> names.add(p.name()));
      case ACTION -> actions.all().forEach(a -> names.add(a.name()));
      case PAGER -> pagers.all().forEach(p -> names.add(p.name()));
    }
    return names;
  }
}
