package io.runbookd.plugin;

/**
 * What every plugin shares: it describes itself, and turns validated parameter values into
 * its own typed parameters record.
 *
 * @param <P> the plugin's parameters record
 */
public interface Plugin<P> {
  PluginInfo info();

  /**
   * Builds the typed parameters from values that already passed each {@link Param}'s type and
   * check; may add checks across parameters.
   */
  P bind(Params params) throws ParamException;

  default String name() {
    return info().name();
  }
}
