package io.runbookd.console;

import io.runbookd.rules.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A loaded rule's YAML, read from its file, and whether the file still holds the text that was
 * loaded (its version is the start of the file's SHA-256): an edited file is shown, and said to
 * be edited, until the rules reload.
 */
record RuleText(String text, boolean loaded) {
  private static final long MAX_BYTES = 256 * 1024;

  /** Reads the rule's file from the rules directory (the rule names it relative to the directory's parent). */
  static RuleText of(Rule rule, Path dir) {
    try {
      Path file = dir.resolve(Path.of(rule.file()).getFileName().toString());
      if (Files.size(file) > MAX_BYTES) {
        return new RuleText("(the file is larger than 256 KiB)", false);
      }
      byte[] bytes = Files.readAllBytes(file);
      String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      return new RuleText(new String(bytes, StandardCharsets.UTF_8), hash.startsWith(rule.version()));
    } catch (IOException | RuntimeException e) {
      return new RuleText("(the file cannot be read: " + e.getClass().getSimpleName() + ")", false);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
