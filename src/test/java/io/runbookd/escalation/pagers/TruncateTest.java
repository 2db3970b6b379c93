package io.runbookd.escalation.pagers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TruncateTest {
  @Test
  void clipsWithAnEllipsisAndNeverSplitsASurrogatePair() {
    assertThat(Truncate.clip("abcdef", 6)).isEqualTo("abcdef");
    assertThat(Truncate.clip("abcdef", 4)).isEqualTo("abc…");
    assertThat(Truncate.clip("ab\uD83D\uDE00cd", 4)).isEqualTo("ab…");
  }

  @Test
  void countsTheLinesLeftOut() {
    List<String> lines = List.of("a", "b", "c", "d", "e");

    assertThat(Truncate.lines(lines, 3, 10)).containsExactly("a", "b", "… and 3 more");
    assertThat(Truncate.lines(lines, 5, 10)).hasSize(5);
  }

  @Test
  void fitsShortValuesWholeAndSharesTheRestAmongLongOnes() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("incident", "inc-1");
    entries.put("findings", "f".repeat(10_000));
    entries.put("actions", "a".repeat(10_000));

    Map<String, String> fitted = Truncate.fit(entries, 1000);

    assertThat(fitted.keySet()).containsExactly("incident", "findings", "actions");
    assertThat(fitted.get("incident")).isEqualTo("inc-1");
    int total =
        fitted.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
    assertThat(total).isLessThanOrEqualTo(1000).isGreaterThan(950);
    assertThat(fitted.get("findings").length()).isEqualTo(fitted.get("actions").length());
  }
}
