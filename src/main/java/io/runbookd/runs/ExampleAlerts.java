package io.runbookd.runs;

import io.runbookd.alert.Alert;
import io.runbookd.ingest.PayloadException;
import io.runbookd.ingest.PayloadParser;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the alert a drill of an alert-driven runbook replays: the first firing alert the rule
 * matches, in its {@code drill.example} file or else in the example payloads ({@code
 * examples/*.json} beside the rules directory, in name order). Files are read with the intake's
 * parser and limits; a path that leaves the directory holding the rules directory is refused.
 */
final class ExampleAlerts {
  static final int MAX_FILE_BYTES = 1 << 20;
  static final int MAX_FILES = 200;

  private final Path base;

  /** @param rulesDir the rules directory; examples are read relative to the directory holding it */
  ExampleAlerts(Path rulesDir) {
    Path absolute = rulesDir.toAbsolutePath().normalize();
    this.base = absolute.getParent() == null ? absolute : absolute.getParent();
  }

  /** The example alert, or why there is none. */
  sealed interface Found {
    record Example(Alert alert, String source) implements Found {}

    record Missing(String field, String reason) implements Found {}
  }

  Found find(Rule rule) {
    if (rule.drill().example().isPresent()) {
      String example = rule.drill().example().get();
      Path file = base.resolve(example).normalize();
      if (!file.startsWith(base)) {
        return new Found.Missing("drill.example", example + " is outside " + base);
      }
      return first(rule, file).<Found>map(a -> new Found.Example(a, example)).orElseGet(() ->
          new Found.Missing("drill.example", "no firing alert of " + example + " matches " + rule.id()));
    }
    for (Path file : files()) {
      Optional<Alert> alert = first(rule, file);
      if (alert.isPresent()) {
        return new Found.Example(alert.get(), base.relativize(file).toString());
      }
    }
    return new Found.Missing("drill.example", "no firing alert of examples/*.json matches " + rule.id()
        + ": give the rule drill.example");
  }

  /** A replay of the alert: firing from {@code now}, under a fingerprint of its own. */
  static Alert replay(Alert alert, Instant now) {
    return new Alert(Alert.Status.FIRING, alert.labels(), alert.annotations(), now, Optional.empty(),
        alert.generatorUrl(), Fresh.hex(8));
  }

  private List<Path> files() {
    Path dir = base.resolve("examples");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> listed = Files.list(dir)) {
      return listed.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().limit(MAX_FILES).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Optional<Alert> first(Rule rule, Path file) {
    RuleSet only = new RuleSet(List.of(rule));
    return read(file).stream().filter(Alert::firing).filter(a -> only.match(a).matched()).findFirst();
  }

  private static List<Alert> read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] body = in.readNBytes(MAX_FILE_BYTES + 1);
      return body.length > MAX_FILE_BYTES ? List.of() : new PayloadParser(MAX_FILE_BYTES).parse(body).alerts();
    } catch (IOException | PayloadException e) {
      return List.of();
    }
  }
}
