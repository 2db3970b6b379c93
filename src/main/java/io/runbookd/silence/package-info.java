/**
 * Alertmanager silences during remediation: the API v2 client ({@code AlertmanagerApi}) and the
 * level-triggered {@code SilenceKeeper} that silences the alerts of incidents runbookd works on
 * (rules with {@code silence}), lifts them as soon as the work stops, records every change in the
 * incident's timeline, and after a crash finds its own silences again by the key in their comment.
 */
package io.runbookd.silence;
