/**
 * Schedules: five-field cron expressions read in an IANA time zone, with a window, and the slots
 * they yield (next after an instant, the one open at an instant, those between two instants), in
 * words too. Pure time arithmetic: no clock, no store, no dependency beyond {@code java.time}.
 */
package io.runbookd.schedule;
