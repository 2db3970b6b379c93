package io.runbookd.http;

import io.runbookd.plugin.Check;
import io.runbookd.plugin.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hosts HTTP probes and actions may call ({@code http.allowedHosts}), so a URL built from alert
 * labels cannot reach anywhere else.
 *
 * <p>An entry is a host name or IP literal, matched exactly and case-insensitively: {@code
 * api.nba-mcp.com} allows neither {@code nba-mcp.com} nor {@code x.api.nba-mcp.com}, and {@code
 * 127.0.0.1} does not allow {@code 127.1} or {@code 2130706433}. Ports: a bare host allows every
 * port of that host; {@code host:port} allows only that port (the scheme's default port counts:
 * {@code api.example.com:443} allows {@code https://api.example.com/}). IPv6 literals are written
 * in brackets, {@code [::1]} or {@code [::1]:9090}.
 */
public final class AllowedHosts {
  private static final Pattern ENTRY =
      Pattern.compile(
          "(?<host>[a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+\\])(:(?<port>[0-9]{1,5}))?");
  private static final int ANY_PORT = -1;

  private record Entry(String host, int port) {
    boolean allows(HttpTarget target) {
      return host.equals(target.host()) && (port == ANY_PORT || port == target.port());
    }

    @Override
    public String toString() {
      return port == ANY_PORT ? host : host + ":" + port;
    }
  }

  private final List<Entry> entries;

  /**
   * @param hosts the configured entries
   * @throws IllegalArgumentException naming an entry that is not a host or host:port
   */
  public AllowedHosts(List<String> hosts) {
    List<Entry> parsed = new ArrayList<>();
    for (String host : hosts) {
      parsed.add(entry(host));
    }
    this.entries = List.copyOf(parsed);
  }

  private static Entry entry(String text) {
    String entry = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = ENTRY.matcher(entry);
    int port = m.matches() && m.group("port") != null ? Integer.parseInt(m.group("port")) : 0;
    if (!m.matches() || port > 65535 || (m.group("port") != null && port == 0)) {
      throw new IllegalArgumentException(
          "http.allowedHosts: '"
              + Checks.clip(text)
              + "' is not a host name or host:port (list hosts, not URLs)");
    }
    return new Entry(m.group("host"), m.group("port") == null ? ANY_PORT : port);
  }

  /** Parses {@code url} and checks its host; the exception says why it is refused. */
  public HttpTarget target(String url) throws UrlRefusedException {
    HttpTarget target = HttpTarget.parse(url);
    check(target);
    return target;
  }

  /** Refuses a target whose host (and port) no entry allows. */
  public void check(HttpTarget target) throws UrlRefusedException {
    if (entries.stream().anyMatch(e -> e.allows(target))) {
      return;
    }
    if (entries.isEmpty()) {
      throw new UrlRefusedException(
          "'" + Checks.clip(target.display()) + "' refused: http.allowedHosts is empty");
    }
    throw new UrlRefusedException(
        "'"
            + Checks.clip(target.display())
            + "' is not in http.allowedHosts (host "
            + Checks.clip(target.host())
            + ", port "
            + target.port()
            + "; allowed: "
            + String.join(", ", hosts())
            + ")");
  }

  /** The check for a URL parameter: shape rules, then this allow-list. */
  public Check urlCheck() {
    return value -> {
      try {
        target(String.valueOf(value));
        return Optional.empty();
      } catch (UrlRefusedException e) {
        return Optional.of(e.getMessage());
      }
    };
  }

  /** The entries as configured, normalized (for messages and documentation). */
  public List<String> hosts() {
    return entries.stream().map(Entry::toString).toList();
  }
}
