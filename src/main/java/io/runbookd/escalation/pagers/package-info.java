/**
 * Pagers that reach people through external services (PagerDuty Events API v2, Opsgenie Alert API,
 * Slack incoming webhooks, a generic JSON webhook) and the HTTP plumbing they share: one bounded
 * attempt per page, answers read as {@link io.runbookd.escalation.Delivery} values, secrets kept
 * out of every detail they return.
 */
package io.runbookd.escalation.pagers;
