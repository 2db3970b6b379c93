package io.runbookd.plugin;

/**
 * How a value is recorded in timelines and step records, as its plugin declares it (see {@link
 * Param#redacted} and {@link PluginInfo#sensitiveData}). Whatever the mark, every text value still
 * loses the user information and query of any URL in it.
 */
public enum Redaction {
  /** Recorded as it is. */
  NONE,
  /** A URL: recorded with its scheme, host, port and path only. */
  URL,
  /** A request or response body: recorded as its SHA-256 and size in bytes, never its content. */
  BODY,
  /**
   * A secret, header values, raw rows or log lines: every value is replaced; the keys of a map and
   * the length of a list are kept, so the shape stays readable.
   */
  SECRET
}
