-- The engine's durable state: when an incident is next due, which replica holds it, and every
-- step it started and finished. A step row is written (committed) before the step runs and
-- completed after, so a restart can tell "never started" from "started, outcome unknown".
ALTER TABLE incidents ADD COLUMN next_run_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE incidents ADD COLUMN lease_owner VARCHAR(64);
ALTER TABLE incidents ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE incidents ADD COLUMN verify_deadline TIMESTAMP WITH TIME ZONE;
CREATE INDEX incidents_due ON incidents (next_run_at);

CREATE TABLE incident_steps (
  incident_id  VARCHAR(32)  NOT NULL REFERENCES incidents (id),
  step_key     VARCHAR(200) NOT NULL,
  status       VARCHAR(32)  NOT NULL,
  params       VARCHAR,
  result       VARCHAR,
  detail       VARCHAR,
  started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  finished_at  TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (incident_id, step_key)
);
