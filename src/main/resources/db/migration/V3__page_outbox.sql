-- Pages to deliver, written in the same transaction as the decision to page, delivered
-- asynchronously and retried until the pager accepts or rejects them. One row per pager,
-- dedup key and event: a page is delivered once, however often the decision is replayed.
CREATE TABLE page_outbox (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id     VARCHAR(32)  NOT NULL REFERENCES incidents (id),
  pager           VARCHAR(64)  NOT NULL,
  dedup_key       VARCHAR(255) NOT NULL,
  event           VARCHAR(16)  NOT NULL,
  priority        VARCHAR(4)   NOT NULL,
  page            VARCHAR      NOT NULL,
  status          VARCHAR(16)  NOT NULL,
  attempts        INTEGER      NOT NULL,
  next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
  lease_until     TIMESTAMP WITH TIME ZONE,
  last_error      VARCHAR(1024),
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  delivered_at    TIMESTAMP WITH TIME ZONE,
  CONSTRAINT page_once UNIQUE (pager, dedup_key, event)
);
CREATE INDEX page_outbox_due ON page_outbox (status, next_attempt_at);
CREATE INDEX page_outbox_by_incident ON page_outbox (incident_id);
