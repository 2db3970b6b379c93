package io.runbookd.silence;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comment of a silence runbookd creates. For people: the incident and where to read it. For
 * runbookd: the key of the store row written before the silence was created, by which recovery
 * tells its own silences, and which row each belongs to, after a crash.
 */
final class SilenceComment {
  private static final Pattern KEY = Pattern.compile("\\[runbookd silence (sil-[0-9a-f]{24})]");

  private SilenceComment() {}

  static String of(String rowId, String incidentId, Optional<URI> externalUrl) {
    String path = "/api/v1/incidents/" + incidentId;
    String link = externalUrl.map(u -> u.toString().replaceAll("/+$", "") + path).orElse(path + " on runbookd");
    return "runbookd is remediating incident " + incidentId + " (" + link + "); this silence is lifted as soon as"
        + " that work stops. [runbookd silence " + rowId + "]";
  }

  /** The row a silence belongs to, when runbookd created it. */
  static Optional<String> rowId(ListedSilence silence) {
    if (!AlertmanagerApi.CREATED_BY.equals(silence.createdBy())) {
      return Optional.empty();
    }
    Matcher m = KEY.matcher(silence.comment());
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
