package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.incident.Priority;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Turns the bytes of one rule file into a {@link Rule}, or into every problem it has: YAML, schema,
 * matcher syntax and regexes, CEL syntax and types, the steps' ({@link StepsParser}) and the other
 * triggers', drill's and grouping's ({@link TriggersParser}), and {@code silence} ({@link
 * SilenceParser}). Checks that span files (duplicate ids) are the loader's.
 */
final class RuleFileParser {

  /**
   * What one file yielded.
   *
   * @param rule the rule, present only when the file has no problem
   * @param problems the file's problems, by line
   * @param id the file's id when it has a string one, even with other problems
   * @param idLine the line of the id
   */
  record Parsed(Optional<Rule> rule, List<Problem> problems, Optional<String> id, int idLine) {}

  private final YamlReader reader = new YamlReader();
  private final RuleSchema schema;
  private final ConditionCompiler conditions;
  private final StepsParser steps;

  RuleFileParser(RuleSchema schema, ConditionCompiler conditions, StepsParser steps) {
    this.schema = schema;
    this.conditions = conditions;
    this.steps = steps;
  }

  Parsed parse(String file, byte[] bytes) {
    List<Problem> problems = new ArrayList<>();
    Optional<YamlTree> read = reader.read(file, bytes, problems);
    if (read.isEmpty()) {
      return new Parsed(Optional.empty(), problems, Optional.empty(), 0);
    }
    YamlTree tree = read.get();
    problems.addAll(schema.validate(file, tree));
    List<LabelMatcher> matchers = matchers(file, tree, problems);
    Optional<Condition> when = condition(file, tree, problems);
    Reporter reporter = new Reporter(file, tree, problems);
    Steps parsed = steps.parse(reporter);
    TriggersParser.Parsed more = TriggersParser.parse(reporter);
    Optional<Silence> silence = SilenceParser.parse(reporter, tree.json().has("match"));
    problems.sort(Comparator.comparingInt(Problem::line));
    JsonNode json = tree.json();
    Optional<String> id =
        json.path("id").isTextual() ? Optional.of(json.path("id").asText()) : Optional.empty();
    Optional<Rule> rule = Optional.empty();
    if (problems.isEmpty()) {
      Optional<Criteria> criteria =
          json.has("match")
              ? Optional.of(new Criteria(alertnames(json), matchers, when))
              : Optional.empty();
      Triggers triggers = new Triggers(criteria, more.schedules(), more.manual());
      rule = Optional.of(build(json, triggers, parsed, more, silence, file, bytes));
    }
    return new Parsed(rule, problems, id, tree.lineOf(List.of("id")));
  }

  private static List<LabelMatcher> matchers(String file, YamlTree tree, List<Problem> problems) {
    JsonNode items = tree.json().path("match").path("matchers");
    List<LabelMatcher> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!items.get(i).isTextual()) {
        continue; // the schema reports it
      }
      try {
        out.add(LabelMatcher.parse(items.get(i).asText()));
      } catch (IllegalArgumentException e) {
        List<Object> path = List.of("match", "matchers", i);
        problems.add(
            new Problem(file, tree.lineOf(path), RuleSchema.render(path) + ": " + e.getMessage()));
      }
    }
    return out;
  }

  private Optional<Condition> condition(String file, YamlTree tree, List<Problem> problems) {
    JsonNode when = tree.json().path("match").path("when");
    if (!when.isTextual() || when.asText().length() > ConditionCompiler.MAX_EXPRESSION_LENGTH) {
      return Optional.empty(); // absent, or the schema reports it
    }
    ConditionCompiler.Compiled compiled = conditions.compile(when.asText());
    int line = tree.keyLineOf(List.of("match"), "when");
    compiled.errors().forEach(e -> problems.add(new Problem(file, line, "match.when: " + e)));
    return compiled.condition();
  }

  private static List<String> alertnames(JsonNode json) {
    JsonNode names = json.path("match").path("alertname");
    List<String> out = new ArrayList<>();
    if (names.isTextual()) {
      out.add(names.asText());
    }
    names.forEach(name -> out.add(name.asText()));
    return out;
  }

  private static Rule build(
      JsonNode json,
      Triggers triggers,
      Steps steps,
      TriggersParser.Parsed more,
      Optional<Silence> silence,
      String file,
      byte[] bytes) {
    JsonNode priority = json.path("priority");
    return new Rule(
        json.path("id").asText(),
        json.path("title").asText(),
        json.path("description").asText(""),
        json.path("runbook").asText(""),
        priority.isTextual() ? Optional.of(Priority.valueOf(priority.asText())) : Optional.empty(),
        triggers,
        file,
        version(bytes),
        steps,
        more.drill(),
        more.groupBy(),
        silence);
  }

  static String version(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
