package io.runbookd.probes;

import io.runbookd.plugin.Registry;
import java.util.List;

/** The probes rule files can name: one explicit list, built by the composition root. */
public final class Probes extends Registry<Probe<?>> {
  public Probes(List<Probe<?>> probes) {
    super("probe", probes);
  }
}
