package io.runbookd.sql;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.RunbookdConfig.QueryParam;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.ParamException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns the text values a rule passes to a configured query into the values bound to its
 * placeholders, in the order the query declares them. Values are only ever bound, never written
 * into the SQL, so text from an alert label cannot change the statement.
 */
public final class QueryArgs {
  /** The rule parameter the values come from. */
  public static final String PARAM = "args";

  private QueryArgs() {}

  public static List<Object> bind(String name, RunbookdConfig.Query query, Map<String, String> args)
      throws ParamException {
    TreeSet<String> declared = new TreeSet<>();
    query.params().forEach(p -> declared.add(p.name()));
    for (String key : args.keySet()) {
      if (!declared.contains(key)) {
        throw new ParamException(
            PARAM,
            "query '"
                + name
                + "' has no parameter '"
                + Checks.clip(key)
                + "'; it takes: "
                + (declared.isEmpty() ? "(none)" : String.join(", ", declared)));
      }
    }
    List<Object> values = new ArrayList<>();
    for (QueryParam param : query.params()) {
      values.add(value(name, param, Optional.ofNullable(args.get(param.name()))));
    }
    return List.copyOf(values);
  }

  private static Object value(String name, QueryParam param, Optional<String> given)
      throws ParamException {
    Optional<String> text = given.or(param::defaultValue);
    if (text.isEmpty()) {
      throw new ParamException(
          PARAM, "query '" + name + "' needs a value for '" + param.name() + "'");
    }
    Optional<Object> value = param.type().parse(text.get());
    if (value.isEmpty()) {
      throw new ParamException(
          PARAM,
          param.name()
              + " must be "
              + describe(param.type())
              + ", got '"
              + Checks.clip(text.get())
              + "'");
    }
    return value.get();
  }

  private static String describe(QueryParam.Type type) {
    return switch (type) {
      case INT -> "a whole number";
      case NUMBER -> "a finite number";
      case TEXT -> "text of at most " + QueryParam.Type.MAX_TEXT + " characters";
    };
  }
}
