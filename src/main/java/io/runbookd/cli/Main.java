package io.runbookd.cli;

import io.runbookd.server.OfflinePlugins;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar runbookd.jar <command>}: the entry point, and nothing more. */
@Command(
    name = "runbookd",
    mixinStandardHelpOptions = true,
    description = "Alert-driven automated remediation for Prometheus Alertmanager.",
    subcommands = {
      ServeCommand.class,
      ValidateCommand.class,
      SimulateCommand.class,
      PluginsCommand.class,
      RbacCommand.class,
      RunCommand.class,
      DrillCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    int code;
    try (Commands commands = new Commands()) {
      code = new CommandLine(new Main(), commands).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }
    if (code != 0 || args.length == 0 || !"serve".equals(args[0])) {
      System.exit(code);
    }
  }

  /**
   * Builds the commands that need the plugin declarations, creating them only when such a
   * command runs ({@code serve} builds its own, connected ones).
   */
  static final class Commands implements CommandLine.IFactory, AutoCloseable {
    private final CommandLine.IFactory defaults = CommandLine.defaultFactory();
    private OfflinePlugins offline;

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == ValidateCommand.class) {
        return type.cast(
            new ValidateCommand(() -> offline().plugins(), () -> offline().config().kubernetes().namespaces(),
                () -> java.util.Optional.of(offline().config().guards())));
      }
      if (type == SimulateCommand.class) {
        return type.cast(new SimulateCommand(this::offline));
      }
      if (type == RbacCommand.class) {
        return type.cast(new RbacCommand(this::offline));
      }
      if (type == PluginsCommand.class) {
        return type.cast(new PluginsCommand(() -> offline().plugins()));
      }
      return defaults.create(type);
    }

    private OfflinePlugins offline() {
      if (offline == null) {
        offline = new OfflinePlugins(OfflineConfig.load());
      }
      return offline;
    }

    @Override
    public void close() {
      if (offline != null) {
        offline.close();
      }
    }
  }
}
