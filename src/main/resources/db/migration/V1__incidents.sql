-- One row per alert episode. The id is derived from the episode key (fingerprint, startsAt),
-- so every replica and every re-delivery computes the same id; the unique keys make
-- concurrent deliveries of the same episode collapse into one row, in H2 and PostgreSQL alike.
CREATE TABLE incidents (
  seq           BIGINT GENERATED ALWAYS AS IDENTITY,
  id            VARCHAR(32)  NOT NULL PRIMARY KEY,
  fingerprint   VARCHAR(128) NOT NULL,
  starts_at     VARCHAR(40)  NOT NULL,
  starts_at_ts  TIMESTAMP WITH TIME ZONE NOT NULL,
  ends_at       TIMESTAMP WITH TIME ZONE,
  alertname     VARCHAR(1024) NOT NULL,
  status        VARCHAR(32)  NOT NULL,
  rule_id       VARCHAR(128),
  rule_version  VARCHAR(64),
  priority      VARCHAR(4)   NOT NULL,
  labels        VARCHAR      NOT NULL,
  annotations   VARCHAR      NOT NULL,
  alert_value   DOUBLE PRECISION,
  generator_url VARCHAR(8192),
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT incidents_episode UNIQUE (fingerprint, starts_at)
);
CREATE UNIQUE INDEX incidents_by_seq ON incidents (seq);
CREATE INDEX incidents_by_status ON incidents (status, seq);
CREATE INDEX incidents_by_rule ON incidents (rule_id, seq);

-- Append-only: rows are inserted, never updated or deleted.
CREATE TABLE timeline (
  seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id   VARCHAR(32) NOT NULL REFERENCES incidents (id),
  recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  kind          VARCHAR(64) NOT NULL,
  message       VARCHAR     NOT NULL,
  data          VARCHAR
);
CREATE INDEX timeline_by_incident ON timeline (incident_id, seq);
