package io.runbookd.rules;

import io.runbookd.plugin.Catalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Loads every rule file of a directory ({@code *.yaml} and {@code *.yml}, not recursive, hidden
 * files skipped, in name order) and reports every problem of every file at once. Files are shown
 * relative to the directory's parent, e.g. {@code rules/RB-101.yaml}. The daemon and {@code
 * validate} run this same code. A directory without any rule file is a problem: it is far more
 * likely a wrong path than a wish to cover no alert.
 */
public final class RuleLoader {

  private final RuleFileParser parser;

  /**
   * Checks the probes, actions and pagers rule files name, and their parameters, in {@code
   * catalog}.
   */
  public RuleLoader(Catalog catalog) {
    this(new RuleSchema(), new ConditionCompiler(), new StepExpressions(), catalog);
  }

  public RuleLoader(
      RuleSchema schema, ConditionCompiler conditions, StepExpressions steps, Catalog catalog) {
    this(schema, conditions, steps, Optional.of(catalog));
  }

  private RuleLoader(
      RuleSchema schema,
      ConditionCompiler conditions,
      StepExpressions steps,
      Optional<Catalog> catalog) {
    this.parser = new RuleFileParser(schema, conditions, new StepsParser(steps, catalog));
  }

  public LoadResult load(Path dir) {
    String shown = shownName(dir);
    List<Path> files;
    try {
      files = ruleFiles(dir);
    } catch (IOException e) {
      return failed(new Problem(shown, 0, why(e)), 0);
    }
    if (files.isEmpty()) {
      return failed(new Problem(shown, 0, "no rule files (*.yaml, *.yml)"), 0);
    }
    List<Problem> problems = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    Map<String, String> firstById = new HashMap<>();
    for (Path path : files) {
      String file = shown.isEmpty() ? name(path) : shown + "/" + name(path);
      RuleFileParser.Parsed parsed = parse(file, path);
      List<Problem> ofFile = new ArrayList<>(parsed.problems());
      parsed.id().ifPresent(id -> checkUnique(id, file, parsed.idLine(), firstById, ofFile));
      ofFile.sort(Comparator.comparingInt(Problem::line));
      problems.addAll(ofFile);
      parsed.rule().ifPresent(rules::add);
    }
    if (!problems.isEmpty()) {
      return new LoadResult(Optional.empty(), problems, files.size());
    }
    return new LoadResult(Optional.of(new RuleSet(rules)), List.of(), files.size());
  }

  private RuleFileParser.Parsed parse(String file, Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      // One byte over the limit is enough to know the file is too large.
      return parser.parse(file, in.readNBytes(YamlReader.MAX_BYTES + 1));
    } catch (IOException e) {
      Problem problem = new Problem(file, 0, "cannot read: " + e.getMessage());
      return new RuleFileParser.Parsed(Optional.empty(), List.of(problem), Optional.empty(), 0);
    }
  }

  private static void checkUnique(
      String id, String file, int line, Map<String, String> firstById, List<Problem> problems) {
    String first = firstById.putIfAbsent(id, file + ":" + line);
    if (first != null) {
      problems.add(new Problem(file, line, "duplicate rule id '" + id + "', also in " + first));
    }
  }

  static List<Path> ruleFiles(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = name(entry);
        String lower = name.toLowerCase(Locale.ROOT);
        if (!name.startsWith(".")
            && (lower.endsWith(".yaml") || lower.endsWith(".yml"))
            && Files.isRegularFile(entry)) {
          files.add(entry);
        }
      }
    }
    files.sort((a, b) -> name(a).compareTo(name(b)));
    return files;
  }

  private static String why(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such directory";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    return "cannot read the directory: " + e.getMessage();
  }

  private static String name(Path path) {
    return path.getFileName().toString();
  }

  private static String shownName(Path dir) {
    Path last = dir.toAbsolutePath().normalize().getFileName();
    return last == null ? "" : last.toString();
  }

  private static LoadResult failed(Problem problem, int files) {
    return new LoadResult(Optional.empty(), List.of(problem), files);
  }
}
