package io.runbookd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.config.ConfigLoader;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.escalation.Pager;
import io.runbookd.plugin.Catalog;
import io.runbookd.plugin.Permission;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.server.OfflinePlugins;
import io.runbookd.server.Plugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plugin reference in docs/rules.md is generated from the code, and every plugin describes
 * itself fully: one table for the contract all plugins share.
 */
class PluginReferenceTest {
  private static final Path DOC = Path.of("docs/rules.md");
  private static OfflinePlugins offline;

  @BeforeAll
  static void plugins() {
    Map<String, String> env = new HashMap<>();
    env.put("RUNBOOKD_WEBHOOK_INSECURE", "true");
    env.put("RUNBOOKD_PAGERS_PAGERDUTY_ROUTINGKEY", "documentation-only-key-000000000");
    env.put("RUNBOOKD_PAGERS_OPSGENIE_APIKEY", "documentation-only-key");
    env.put("RUNBOOKD_PAGERS_SLACK_WEBHOOKURL", "https://hooks.slack.com/services/T0/B0/doc");
    RunbookdConfig config = new ConfigLoader(env).bind(new HashMap<>());
    offline = new OfflinePlugins(config);
  }

  @AfterAll
  static void close() {
    offline.close();
  }

  @Test
  void docsCarryTheGeneratedReference() throws IOException {
    String doc = Files.readString(DOC);
    String generated = PluginsCommand.markdown(offline.plugins());
    String begin = "<!-- plugins:begin -->\n";
    String end = "<!-- plugins:end -->";
    String current = doc.substring(doc.indexOf(begin) + begin.length(), doc.indexOf(end));

    if (Boolean.getBoolean("runbookd.updateGoldens")) {
      Files.writeString(DOC, doc.replace(begin + current + end, begin + generated + end));
      current = generated;
    }

    assertThat(current)
        .as("docs/rules.md plugin section is stale: regenerate with plugins --markdown")
        .isEqualTo(generated);
  }

  @ParameterizedTest
  @EnumSource(Catalog.Kind.class)
  void everyPluginDescribesItself(Catalog.Kind kind) {
    Plugins plugins = offline.plugins();

    for (String name : plugins.names(kind)) {
      PluginInfo info = plugins.find(kind, name).orElseThrow();
      assertThat(info.name()).isEqualTo(name).matches("[a-z0-9]+(\\.[a-z0-9_]+)?");
      assertThat(info.summary()).as(name).isNotBlank().doesNotContain("\n");
      assertThat(info.example()).as(name).isNotBlank();
      assertThat(info.permissions()).as(name).isNotEmpty();
      info.params().forEach(p -> assertThat(p.description()).as(name + " " + p.name()).isNotBlank());
    }
  }

  /**
   * The rbac command derives Roles, grants and the IAM policy from these lines: a plugin whose
   * line does not parse would silently get nothing, so none may be registered.
   */
  @ParameterizedTest
  @EnumSource(Catalog.Kind.class)
  void everyPermissionFollowsTheGrammar(Catalog.Kind kind) {
    Plugins plugins = offline.plugins();

    for (String name : plugins.names(kind)) {
      PluginInfo info = plugins.find(kind, name).orElseThrow();
      java.util.Set<String> params = new java.util.HashSet<>();
      info.params().forEach(p -> params.add(p.name()));
      for (String line : info.permissions()) {
        Permission permission = Permission.parse(kind, line);
        if (kind != Catalog.Kind.PAGER) {
          assertThat(permission).as(name + ": " + line).isNotInstanceOf(Permission.Credential.class);
        }
        assertThat(placeholders(permission)).as(name + ": " + line + " names its own parameters").isSubsetOf(params);
      }
    }
  }

  private static java.util.Set<String> placeholders(Permission permission) {
    if (permission instanceof Permission.Iam iam) {
      java.util.Set<String> out = new java.util.TreeSet<>();
      iam.resources().forEach(r -> out.addAll(r.placeholders()));
      return out;
    }
    if (permission instanceof Permission.Postgres pg) {
      return pg.requirement().placeholders();
    }
    return java.util.Set.of();
  }

  @Test
  void onlyPagersThatRunTheirOwnEscalationSayTheyDo() {
    Map<String, Boolean> escalates = new HashMap<>();
    for (Pager pager : offline.plugins().pagers().all()) {
      escalates.put(pager.name(), pager.escalatesItself());
    }

    assertThat(escalates)
        .containsEntry("pagerduty", true)
        .containsEntry("opsgenie", true)
        .containsEntry("slack", false)
        .containsEntry("log", false);
  }
}
