package io.runbookd.rules;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses one rule file into a {@link YamlTree}, bounded: at most {@link #MAX_BYTES}, one document,
 * few aliases, shallow nesting. It only composes nodes and never constructs Java objects from them,
 * so no YAML tag can instantiate a type.
 */
final class YamlReader {

  static final int MAX_BYTES = 1024 * 1024;

  private static final int MAX_ALIASES = 20;

  /**
   * Reads {@code bytes} (the content of {@code file}) and adds every problem found to {@code
   * problems}; returns the tree whenever the text is well-formed YAML, even with other problems, so
   * that the later checks can report theirs too.
   */
  Optional<YamlTree> read(String file, byte[] bytes, List<Problem> problems) {
    if (bytes.length > MAX_BYTES) {
      problems.add(new Problem(file, 0, "file is larger than " + MAX_BYTES + " bytes"));
      return Optional.empty();
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      problems.add(new Problem(file, 0, "file is not valid UTF-8"));
      return Optional.empty();
    }
    Node root;
    try {
      root = yaml().compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      problems.add(
          new Problem(file, line(e.getProblemMark()), "YAML syntax error: " + describe(e)));
      return Optional.empty();
    } catch (YAMLException e) {
      problems.add(new Problem(file, 0, "YAML error: " + e.getMessage()));
      return Optional.empty();
    }
    if (root == null) {
      problems.add(new Problem(file, 0, "file is empty"));
      return Optional.empty();
    }
    return Optional.of(new YamlTree(root, new YamlJson(file, problems).convert(root)));
  }

  // Yaml instances are not thread-safe; one per file is cheap next to reading the file.
  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(YamlJson.MAX_DEPTH);
    options.setCodePointLimit(MAX_BYTES);
    return new Yaml(new SafeConstructor(options));
  }

  // SnakeYAML splits a message into a context ("while scanning a quoted scalar", with where it
  // started) and the problem itself; the problem comes first, as it is at the reported line.
  private static String describe(MarkedYAMLException e) {
    String problem = String.valueOf(e.getProblem());
    String context = e.getContext();
    if (context == null) {
      return problem;
    }
    if (problem.startsWith("but ")) {
      return context + " " + problem;
    }
    int contextLine = line(e.getContextMark());
    boolean elsewhere = contextLine > 0 && contextLine != line(e.getProblemMark());
    return problem + " (" + context + (elsewhere ? " at line " + contextLine : "") + ")";
  }

  private static int line(Mark mark) {
    return mark == null ? 0 : mark.getLine() + 1;
  }
}
