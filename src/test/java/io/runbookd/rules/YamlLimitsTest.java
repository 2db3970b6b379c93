package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule files are read with bounds: size, aliases, nesting, tags. */
class YamlLimitsTest {

  @TempDir Path dir;

  private final RuleLoader loader = new RuleLoader(TestCatalog.INSTANCE);

  private String shown(String file) {
    return dir.getFileName() + "/" + file;
  }

  @Test
  void rejectsFilesOverOneMebibyte() throws Exception {
    RuleFiles.write(dir, "big.yaml", RuleFiles.valid("RB-1", "A") + "# " + "x".repeat(1024 * 1024));

    assertThat(loader.load(dir).lines())
        .containsExactly(shown("big.yaml") + ": file is larger than 1048576 bytes");
  }

  @Test
  void rejectsAliasBombs() throws Exception {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      yaml.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
    }
    RuleFiles.write(dir, "bomb.yaml", yaml.toString());

    assertThat(loader.load(dir).lines())
        .singleElement()
        .asString()
        .startsWith(
            shown("bomb.yaml") + ": YAML error: Number of aliases for non-scalar nodes exceeds");
  }

  @Test
  void rejectsGlobalTagsThatWouldNameAJavaType() throws Exception {
    RuleFiles.write(
        dir,
        "tag.yaml",
        RuleFiles.valid("RB-1", "A") + "description: !!javax.script.ScriptEngineManager [x]\n");

    assertThat(loader.load(dir).lines())
        .containsExactly(
            shown("tag.yaml")
                + ":5: YAML syntax error: Global tag is not allowed:"
                + " tag:yaml.org,2002:javax.script.ScriptEngineManager");
  }

  @Test
  void rejectsTagsBeyondTheCoreScalars() throws Exception {
    RuleFiles.write(dir, "tag.yaml", RuleFiles.valid("RB-1", "A") + "description: !!binary aGk=\n");

    assertThat(loader.load(dir).lines())
        .containsExactly(shown("tag.yaml") + ":5: unsupported YAML tag tag:yaml.org,2002:binary");
  }

  @Test
  void rejectsMergeKeys() throws Exception {
    RuleFiles.write(
        dir, "merge.yaml", "base: &b {alertname: A}\nid: RB-1\ntitle: t\nmatch:\n  <<: *b\n");

    assertThat(loader.load(dir).lines())
        .contains(shown("merge.yaml") + ":5: merge keys (<<) are not supported");
  }

  @Test
  void skipsHiddenAndNonYamlFiles() throws Exception {
    RuleFiles.write(dir, "a.yml", RuleFiles.valid("RB-1", "A"));
    RuleFiles.write(dir, ".#a.yaml", "not: [valid");
    RuleFiles.write(dir, "schema.json", "{}");
    RuleFiles.write(dir, "notes.txt", "x");

    LoadResult result = loader.load(dir);

    assertThat(result.lines()).isEmpty();
    assertThat(result.files()).isEqualTo(1);
  }
}
