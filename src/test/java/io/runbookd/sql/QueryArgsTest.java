package io.runbookd.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.config.RunbookdConfig.Query;
import io.runbookd.config.RunbookdConfig.QueryParam;
import io.runbookd.config.RunbookdConfig.QueryParam.Type;
import io.runbookd.plugin.ParamException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryArgsTest {
  private static final Query QUERY =
      new Query(
          Optional.empty(),
          "SELECT ? , ?, ?",
          List.of(
              new QueryParam("window_minutes", Type.INT, Optional.of("60")),
              new QueryParam("ratio", Type.NUMBER, Optional.empty()),
              new QueryParam("error_type", Type.TEXT, Optional.empty())),
          "");

  @Test
  void bindsInTheDeclaredOrderWithDefaults() throws Exception {
    List<Object> values =
        QueryArgs.bind("q", QUERY, Map.of("error_type", "Timeout", "ratio", "0.5"));

    assertThat(values).containsExactly(60L, 0.5, "Timeout");
  }

  @Test
  void refusesUnknownMissingAndMalformedValuesNamingArgs() {
    assertThatThrownBy(
            () -> QueryArgs.bind("q", QUERY, Map.of("ratio", "1", "error_type", "x", "sql", "1")))
        .isInstanceOf(ParamException.class)
        .hasMessage(
            "args: query 'q' has no parameter 'sql'; it takes: error_type, ratio, window_minutes");
    assertThatThrownBy(() -> QueryArgs.bind("q", QUERY, Map.of("ratio", "1")))
        .hasMessage("args: query 'q' needs a value for 'error_type'");
    assertThatThrownBy(
            () ->
                QueryArgs.bind(
                    "q",
                    QUERY,
                    Map.of("window_minutes", "60; DROP TABLE x", "ratio", "1", "error_type", "x")))
        .hasMessage("args: window_minutes must be a whole number, got '60; DROP TABLE x'");
    assertThatThrownBy(() -> QueryArgs.bind("q", QUERY, Map.of("ratio", "NaN", "error_type", "x")))
        .hasMessageStartingWith("args: ratio must be a finite number");
  }
}
