package io.runbookd.cli;

import io.runbookd.config.ConfigException;
import io.runbookd.config.ConfigLoader;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.log.LogFormats;
import io.runbookd.server.Daemon;
import io.runbookd.server.StartupException;
import io.runbookd.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the daemon until SIGTERM or SIGINT; then stops listening, drains intake and exits. */
@Command(name = "serve", description = "Run the daemon.")
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      defaultValue = "config/runbookd.yaml",
      description = "Configuration file (default: ${DEFAULT-VALUE}).")
  Path config;

  @Override
  public Integer call() {
    RunbookdConfig loaded;
    try {
      loaded = new ConfigLoader(System.getenv()).load(config);
    } catch (ConfigException e) {
      System.err.println("runbookd: " + e.getMessage());
      return 2;
    }
    LogFormats.apply(loaded.log().format());
    Daemon daemon;
    try {
      daemon = new Daemon(loaded, Clock.systemUTC()).start();
    } catch (StartupException | StoreException e) {
      System.err.println("runbookd: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  daemon.close();
                  stopped.countDown();
                },
                "runbookd-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
