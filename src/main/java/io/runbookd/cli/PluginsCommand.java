package io.runbookd.cli;

import io.runbookd.plugin.Catalog;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.server.Plugins;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbookd plugins [--markdown]}: every probe, action and pager, as it describes itself.
 * The plugin reference in docs/rules.md is this command's {@code --markdown} output.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "Lists probes, actions and pagers.")
public final class PluginsCommand implements Callable<Integer> {
  @Option(names = "--markdown", description = "The reference section of docs/rules.md.")
  boolean markdown;

  @Spec CommandSpec spec;

  private final Supplier<Plugins> plugins;

  /** The plugins are built only when the command runs. */
  public PluginsCommand(Supplier<Plugins> plugins) {
    this.plugins = plugins;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(markdown ? markdown(plugins.get()) : text(plugins.get()));
    out.flush();
    return 0;
  }

  static String text(Plugins plugins) {
    StringBuilder out = new StringBuilder();
    for (Catalog.Kind kind : Catalog.Kind.values()) {
      for (String name : plugins.names(kind)) {
        PluginInfo info = plugins.find(kind, name).orElseThrow();
        out.append(String.format("%-7s %-24s %s%n", kind.word(), name, info.summary()));
      }
    }
    return out.toString();
  }

  /** The generated plugin reference: deterministic, so a test can hold docs/rules.md to it. */
  public static String markdown(Plugins plugins) {
    StringBuilder out = new StringBuilder();
    for (Catalog.Kind kind : Catalog.Kind.values()) {
      out.append("### ").append(Character.toUpperCase(kind.word().charAt(0))).append(kind.word().substring(1)).append("s\n\n");
      for (String name : plugins.names(kind)) {
        section(out, plugins.find(kind, name).orElseThrow());
      }
    }
    return out.toString();
  }

  private static void section(StringBuilder out, PluginInfo info) {
    out.append("#### `").append(info.name()).append("`\n\n").append(info.summary()).append("\n\n");
    if (!info.params().isEmpty()) {
      out.append("| parameter | type | required | description |\n|---|---|---|---|\n");
      for (Param p : info.params()) {
        out.append("| `").append(p.name()).append("` | ").append(p.type().name().toLowerCase(java.util.Locale.ROOT))
            .append(" | ").append(p.required() ? "yes" : "no").append(" | ").append(p.description().replace("|", "\\|")).append(" |\n");
      }
      out.append("\n");
    }
    String redacted = redacted(info);
    if (!redacted.isEmpty()) {
      out.append("Recorded redacted: ").append(redacted).append(".\n\n");
    }
    if (!info.permissions().isEmpty()) {
      out.append("Permissions: ").append(String.join("; ", info.permissions())).append("\n\n");
    }
    if (!info.example().isBlank()) {
      out.append("```yaml\n").append(info.example().strip()).append("\n```\n\n");
    }
  }

  /** What timelines keep of the marked parameters and data, in words. */
  private static String redacted(PluginInfo info) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    for (Param p : info.params()) {
      switch (p.redaction()) {
        case URL -> parts.add("`" + p.name() + "` (scheme, host, port and path only)");
        case BODY -> parts.add("`" + p.name() + "` (its SHA-256 and size only)");
        case SECRET -> parts.add("`" + p.name() + "` (value replaced)");
        case NONE -> { }
      }
    }
    info.sensitiveData().forEach(key -> parts.add("data `" + key + "` (values replaced)"));
    return String.join(", ", parts);
  }
}
