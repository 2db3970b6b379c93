package io.runbookd.probes.sql;

import io.runbookd.plugin.ParamBinder;
import io.runbookd.probes.Finding;
import java.util.HashMap;
import java.util.Map;

/** Runs sql.query as the engine does: raw values, the binder's checks, bind, run. */
final class SqlProbeRunner {
  private SqlProbeRunner() {}

  static Finding run(SqlQuery probe, String datasource, String query, Object... more)
      throws Exception {
    Map<String, Object> raw = new HashMap<>(Map.of("datasource", datasource, "query", query));
    for (int i = 0; i < more.length; i += 2) {
      raw.put((String) more[i], more[i + 1]);
    }
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }
}
