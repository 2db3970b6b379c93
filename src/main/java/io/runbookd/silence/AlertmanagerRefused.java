package io.runbookd.silence;

/** Alertmanager answered that the request cannot succeed (a 4xx): repeating it will not help. */
final class AlertmanagerRefused extends Exception {
  private static final long serialVersionUID = 1L;

  AlertmanagerRefused(String message) {
    super(message);
  }
}
