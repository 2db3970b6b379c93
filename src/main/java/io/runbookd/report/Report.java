package io.runbookd.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A report (RB-202's monthly capacity report, RB-201's weekly one) as data: a title, when it was
 * made, and sections of text, tables and charts. {@link HtmlReport} renders it to one
 * self-contained page.
 */
public record Report(String title, Instant created, List<Section> sections) {
  public Report {
    Objects.requireNonNull(title);
    Objects.requireNonNull(created);
    sections = List.copyOf(sections);
  }

  /** A heading and what follows it. */
  public record Section(String heading, List<Block> blocks) {
    public Section {
      Objects.requireNonNull(heading);
      blocks = List.copyOf(blocks);
    }
  }

  /** What a section holds. */
  public sealed interface Block permits Text, Table, Chart {}

  /** A paragraph of plain text (never markup: it is escaped). */
  public record Text(String text) implements Block {
    public Text {
      Objects.requireNonNull(text);
    }
  }

  /** A table of text cells; every row as wide as the header. */
  public record Table(List<String> header, List<List<String>> rows) implements Block {
    public Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
      for (List<String> row : rows) {
        if (row.size() != header.size()) {
          throw new IllegalArgumentException(
              "a row has " + row.size() + " cells, the header " + header.size());
        }
      }
    }
  }
}
