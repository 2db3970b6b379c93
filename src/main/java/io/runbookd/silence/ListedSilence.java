package io.runbookd.silence;

/**
 * A silence as Alertmanager lists it.
 *
 * @param state {@code active}, {@code pending} or {@code expired}
 */
record ListedSilence(String id, String state, String createdBy, String comment) {

  boolean expired() {
    return state.equals("expired");
  }
}
