/**
 * runbookd's own log: the format chosen by {@code log.format} ({@link io.runbookd.log.LogFormats})
 * and the incident, rule and step every line carries while one is worked on ({@link
 * io.runbookd.log.LogContext}).
 */
package io.runbookd.log;
