package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.incident.Priority;
import io.runbookd.plugin.Catalog;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code escalate} section: the priority of pages, the pagers (which must exist) and the
 * outcomes that page. What is absent takes {@link Escalation#defaults()}.
 */
final class EscalationParser {

  private final Optional<Catalog> catalog;

  EscalationParser(Optional<Catalog> catalog) {
    this.catalog = catalog;
  }

  Escalation parse(Reporter r) {
    JsonNode section = r.json(List.of("escalate"));
    Escalation defaults = Escalation.defaults();
    if (!section.isObject()) {
      return defaults; // absent, or the schema reports it
    }
    JsonNode priority = section.path("priority");
    return new Escalation(
        priority.isTextual() ? Priority.parse(priority.asText()) : Optional.empty(),
        section.has("pagers") ? pagers(r, section.path("pagers")) : defaults.pagers(),
        section.has("on") ? triggers(section.path("on")) : defaults.on());
  }

  private List<String> pagers(Reporter r, JsonNode pagers) {
    List<String> out = new ArrayList<>();
    for (int i = 0; pagers.isArray() && i < pagers.size(); i++) {
      JsonNode name = pagers.get(i);
      if (!name.isTextual()) {
        continue; // the schema reports it
      }
      out.add(name.asText());
      if (catalog.isPresent() && catalog.get().find(Catalog.Kind.PAGER, name.asText()).isEmpty()) {
        r.at(
            r.line(List.of("escalate", "pagers", i)),
            "escalate.pagers["
                + i
                + "]: "
                + catalog.get().unknown(Catalog.Kind.PAGER, name.asText()));
      }
    }
    return out;
  }

  private static Set<Escalation.Trigger> triggers(JsonNode on) {
    Set<Escalation.Trigger> out = EnumSet.noneOf(Escalation.Trigger.class);
    on.forEach(
        name -> {
          for (Escalation.Trigger trigger : Escalation.Trigger.values()) {
            if (trigger.name().toLowerCase(Locale.ROOT).equals(name.asText())) {
              out.add(trigger);
            }
          }
        });
    return out;
  }

  /** The names rule files use for the triggers; the schema's enum lists the same. */
  static List<String> triggerNames() {
    List<String> out = new ArrayList<>();
    for (Escalation.Trigger trigger : Escalation.Trigger.values()) {
      out.add(trigger.name().toLowerCase(Locale.ROOT));
    }
    return out;
  }
}
