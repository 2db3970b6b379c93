package io.runbookd.actions;

import io.runbookd.plugin.Registry;
import java.util.List;

/** The actions rule files can name: one explicit list, built by the composition root. */
public final class Actions extends Registry<Action<?>> {
  public Actions(List<Action<?>> actions) {
    super("action", actions);
  }
}
