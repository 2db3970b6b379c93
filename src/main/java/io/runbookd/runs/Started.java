package io.runbookd.runs;

import java.util.List;

/** What asking to start a run (manual or drill) came to. */
public sealed interface Started {

  /** The run's incident was opened; the engine picks it up. */
  record Opened(String incident) implements Started {}

  /** No loaded runbook has that id. */
  record Unknown(String runbook) implements Started {}

  /**
   * The run cannot start as asked.
   *
   * @param field what is wrong ({@code params.replicas}, {@code runbook}, {@code drill.example})
   * @param error the first problem, in one line
   * @param problems every problem, the first one included
   */
  record Refused(String field, String error, List<String> problems) implements Started {
    public Refused {
      problems = List.copyOf(problems);
    }

    static Refused of(String field, String error) {
      return new Refused(field, error, List.of(error));
    }
  }
}
