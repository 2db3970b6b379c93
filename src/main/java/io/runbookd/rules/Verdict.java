package io.runbookd.rules;

/**
 * Whether one rule accepts an alert, with the explanation that goes into the incident timeline.
 *
 * @param matched true when every condition of the rule holds
 * @param explanation why, one line, untrusted text already rendered safely
 */
record Verdict(boolean matched, String explanation) {

  static Verdict accept(String explanation) {
    return new Verdict(true, explanation);
  }

  static Verdict reject(String explanation) {
    return new Verdict(false, explanation);
  }
}
