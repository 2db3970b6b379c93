package io.runbookd.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.runbookd.config.LogFormat;
import java.net.URL;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Switches the log to the configured format at start. Text is logback.xml, read by Logback
 * itself; JSON replaces it with {@code logback-json.xml} beside this class (Logback's own
 * JsonEncoder, no extra dependency).
 */
public final class LogFormats {
  static final String JSON_CONFIG = "logback-json.xml";

  private LogFormats() {}

  /** Applies {@code format}; a no-op for text or when Logback is not the SLF4J backend (tests). */
  public static void apply(LogFormat format) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (format == LogFormat.JSON && factory instanceof LoggerContext context) {
      configure(context, LogFormats.class.getResource(JSON_CONFIG));
    }
  }

  static void configure(LoggerContext context, URL config) {
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    context.reset();
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure the JSON log from " + config, e);
    }
  }
}
