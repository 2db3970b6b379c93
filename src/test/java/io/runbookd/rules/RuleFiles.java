package io.runbookd.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small rule files for tests. */
final class RuleFiles {

  private RuleFiles() {}

  static String valid(String id, String alertname) {
    return "id: " + id + "\ntitle: " + id + "\nmatch:\n  alertname: " + alertname + "\n";
  }

  static Path write(Path dir, String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}
