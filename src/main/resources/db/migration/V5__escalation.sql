-- Escalation: the policy an incident was escalated under (snapshotted, so a later config change
-- does not rewrite how an open incident is handled), the level reached and when the next is due;
-- storms that fold many incidents of one runbook into one page; page revisions, so that a
-- storm's page can be updated while each revision is still delivered once.
ALTER TABLE incidents ADD COLUMN escalation_policy VARCHAR(4000);
ALTER TABLE incidents ADD COLUMN escalation_level INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE incidents ADD COLUMN next_escalation_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX incidents_next_escalation ON incidents (next_escalation_at);

CREATE TABLE storms (
  storm_key     VARCHAR(300) NOT NULL PRIMARY KEY,
  window_start  TIMESTAMP WITH TIME ZONE NOT NULL,
  dedup_key     VARCHAR(255) NOT NULL,
  incidents     INTEGER      NOT NULL,
  last_paged_at TIMESTAMP WITH TIME ZONE NOT NULL,
  revision      INTEGER      NOT NULL
);

ALTER TABLE page_outbox ADD COLUMN revision INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE page_outbox DROP CONSTRAINT page_once;
ALTER TABLE page_outbox ADD CONSTRAINT page_once UNIQUE (pager, dedup_key, event, revision);
