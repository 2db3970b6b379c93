package io.runbookd.store;

/**
 * One page to deliver: which pager, the dedup key and event that make it unique, and the page
 * itself as JSON (written by the engine, read back by the delivery worker).
 */
public record OutboxEntry(
    String incidentId,
    String pager,
    String dedupKey,
    String event,
    String priority,
    String page,
    int revision) {

  /** A first page (revision 0). */
  public OutboxEntry(
      String incidentId, String pager, String dedupKey, String event, String priority, String page) {
    this(incidentId, pager, dedupKey, event, priority, page, 0);
  }
}
