package io.runbookd.engine;

import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.Params;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.util.List;
import java.util.Map;

/** A probe whose target never answers: it sleeps until interrupted. */
final class HangingProbe implements Probe<Params> {
  @Override
  public PluginInfo info() {
    return new PluginInfo("test.hang", "Never answers.", "", List.of(), List.of());
  }

  @Override
  public Params bind(Params params) {
    return params;
  }

  @Override
  public String system(Params params) {
    return "hanging-system";
  }

  @Override
  public Finding run(Params params) throws InterruptedException {
    Thread.sleep(60_000);
    return new Finding(Map.of(), "unreachable");
  }
}
