-- Durable guard state: the kill switch, the ledger of mutating actions that cooldowns and the
-- fleet budget count, one remediation per target at a time, approvals, and attempts. All of it
-- lives here so that a restart resets nothing and replicas sharing the store agree.
CREATE TABLE runtime_settings (
  name        VARCHAR(64)  NOT NULL PRIMARY KEY,
  setting     VARCHAR(256) NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_by  VARCHAR(128)
);
INSERT INTO runtime_settings (name, setting, updated_at, updated_by)
  VALUES ('paused', 'false', CURRENT_TIMESTAMP, 'install');

CREATE TABLE action_ledger (
  seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
  incident_id VARCHAR(32)  NOT NULL,
  rule_id     VARCHAR(128) NOT NULL,
  step_id     VARCHAR(128) NOT NULL,
  action      VARCHAR(128) NOT NULL,
  target_key  VARCHAR(512) NOT NULL
);
CREATE INDEX action_ledger_by_target ON action_ledger (target_key, action, recorded_at);
CREATE INDEX action_ledger_by_time ON action_ledger (recorded_at);

CREATE TABLE target_locks (
  target_key  VARCHAR(512) NOT NULL PRIMARY KEY,
  incident_id VARCHAR(32)  NOT NULL,
  acquired_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE approvals (
  incident_id  VARCHAR(32)  NOT NULL REFERENCES incidents (id),
  step_id      VARCHAR(128) NOT NULL,
  requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
  deadline     TIMESTAMP WITH TIME ZONE NOT NULL,
  decision     VARCHAR(16),
  decided_at   TIMESTAMP WITH TIME ZONE,
  decided_by   VARCHAR(128),
  PRIMARY KEY (incident_id, step_id)
);

ALTER TABLE incidents ADD COLUMN attempt INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE incidents ADD COLUMN acked_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE incidents ADD COLUMN acked_by VARCHAR(128);
