package io.runbookd.ingest;

/**
 * Bounds on what one alert may carry. Alertmanager itself sets none, but labels and
 * annotations are stored and shown to people: these are far above real alerts and far below
 * what would hurt the store or a page.
 */
final class Limits {
  static final int MAX_LABELS = 128;
  static final int MAX_LABEL_NAME = 256;
  static final int MAX_LABEL_VALUE = 8 * 1024;
  static final int MAX_ANNOTATIONS = 64;
  static final int MAX_ANNOTATION_VALUE = 64 * 1024;
  static final int MAX_URL = 8 * 1024;
  static final int MAX_GROUP_KEY = 64 * 1024;
  static final int MAX_ALERTS = 100_000;
  /** Parser limits for the whole document; past them the body is malformed. */
  static final int MAX_DEPTH = 32;
  static final int MAX_STRING = 1024 * 1024;
  static final int MAX_NAME = 4 * 1024;
  static final int MAX_NUMBER = 100;

  private Limits() {}
}
