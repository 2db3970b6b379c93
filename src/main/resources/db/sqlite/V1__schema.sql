-- runbookd's own store, embedded (SQLite). The PostgreSQL schema (db/postgresql) has the same
-- tables, columns and indexes; only the types of generated keys differ. Times are epoch
-- milliseconds (UTC) in both, so every statement is the same text on both stores.

-- One incident per problem: the alerts one rule covers that share its group_by labels (or,
-- without a rule, one Alertmanager group and alert name), or one run of a scheduled or manual
-- runbook. At most one open incident per group: a new alert of the group joins it.
CREATE TABLE incidents (
  seq             INTEGER PRIMARY KEY,
  id              TEXT    NOT NULL UNIQUE,
  group_key       TEXT    NOT NULL,
  group_labels    TEXT    NOT NULL,
  trigger_kind    TEXT    NOT NULL,
  trigger_data    TEXT,
  status          TEXT    NOT NULL,
  rule_id         TEXT,
  rule_version    TEXT,
  priority        TEXT    NOT NULL,
  alertname       TEXT    NOT NULL,
  match_reason    TEXT    NOT NULL,
  first_alert     TEXT,
  fingerprint     TEXT,
  starts_at       TEXT,
  alert_count     INTEGER NOT NULL,
  firing_count    INTEGER NOT NULL,
  first_seen      INTEGER NOT NULL,
  last_seen       INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  ended_at        INTEGER,
  next_run_at     INTEGER,
  lease_owner     TEXT,
  lease_token     INTEGER NOT NULL DEFAULT 0,
  lease_until     INTEGER,
  verify_deadline INTEGER,
  window_end      INTEGER,
  acked_at        INTEGER,
  acked_by        TEXT,
  page_id         INTEGER
);
CREATE UNIQUE INDEX incidents_open_group ON incidents (group_key) WHERE ended_at IS NULL;
CREATE INDEX incidents_due ON incidents (next_run_at) WHERE next_run_at IS NOT NULL;
CREATE INDEX incidents_by_status ON incidents (status, seq);
CREATE INDEX incidents_by_rule ON incidents (rule_id, seq);
CREATE INDEX incidents_ended ON incidents (ended_at) WHERE ended_at IS NOT NULL;

-- One row per alert episode (fingerprint + startsAt); the id is a hash of both, so a
-- redelivery, another Alertmanager replica or another runbookd replica finds the same row.
CREATE TABLE alerts (
  id            TEXT    NOT NULL PRIMARY KEY,
  incident_id   TEXT    NOT NULL,
  fingerprint   TEXT    NOT NULL,
  starts_at     TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  ends_at       INTEGER,
  received_at   INTEGER NOT NULL,
  alertname     TEXT    NOT NULL,
  labels        TEXT    NOT NULL,
  annotations   TEXT    NOT NULL,
  alert_value   REAL,
  generator_url TEXT    NOT NULL
);
CREATE INDEX alerts_by_incident ON alerts (incident_id);
CREATE INDEX alerts_by_fingerprint ON alerts (fingerprint);

-- Append-only history of an incident.
CREATE TABLE timeline (
  seq          INTEGER PRIMARY KEY,
  incident_id  TEXT    NOT NULL,
  recorded_at  INTEGER NOT NULL,
  kind         TEXT    NOT NULL,
  message      TEXT    NOT NULL,
  data         TEXT
);
CREATE INDEX timeline_by_incident ON timeline (incident_id, seq);

-- Every step the engine took; a mutating step's row is committed before the step runs, with
-- what undoing it needs, so a restart can tell "never started" from "started, outcome unknown".
CREATE TABLE incident_steps (
  incident_id  TEXT    NOT NULL,
  step_key     TEXT    NOT NULL,
  status       TEXT    NOT NULL,
  params       TEXT,
  result       TEXT,
  detail       TEXT,
  undo         TEXT,
  started_at   INTEGER NOT NULL,
  finished_at  INTEGER,
  PRIMARY KEY (incident_id, step_key)
);

-- A page: what a human is told about one or more incidents (a storm of one runbook's open
-- incidents of one priority shares one). Its escalation levels belong to it.
CREATE TABLE pages (
  id             INTEGER PRIMARY KEY,
  dedup_key      TEXT    NOT NULL UNIQUE,
  storm_key      TEXT    NOT NULL,
  priority       TEXT    NOT NULL,
  status         TEXT    NOT NULL,
  incidents      INTEGER NOT NULL,
  open_incidents INTEGER NOT NULL,
  revision       INTEGER NOT NULL,
  policy         TEXT    NOT NULL,
  level          INTEGER NOT NULL,
  next_level_at  INTEGER,
  opened_at      INTEGER NOT NULL,
  last_sent_at   INTEGER NOT NULL,
  ended_at       INTEGER
);
CREATE INDEX pages_open_storm ON pages (storm_key, priority) WHERE status = 'open';
CREATE INDEX pages_next_level ON pages (next_level_at) WHERE next_level_at IS NOT NULL;

-- Page events to deliver, written in the transaction that decides them. Per pager and dedup
-- key they go out in id order (trigger, updates, acknowledge, resolve).
CREATE TABLE page_outbox (
  id              INTEGER PRIMARY KEY,
  page_id         INTEGER NOT NULL,
  incident_id     TEXT    NOT NULL,
  pager           TEXT    NOT NULL,
  dedup_key       TEXT    NOT NULL,
  event           TEXT    NOT NULL,
  revision        INTEGER NOT NULL,
  priority        TEXT    NOT NULL,
  body            TEXT    NOT NULL,
  status          TEXT    NOT NULL,
  attempts        INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  lease_until     INTEGER,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  finished_at     INTEGER,
  CONSTRAINT page_event_once UNIQUE (pager, dedup_key, event, revision)
);
CREATE INDEX page_outbox_due ON page_outbox (pager, next_attempt_at) WHERE status = 'pending';
CREATE INDEX page_outbox_lane ON page_outbox (pager, dedup_key, id) WHERE status = 'pending';
CREATE INDEX page_outbox_by_page ON page_outbox (page_id);

-- Guard state: the kill switch, the ledger of mutating actions (cooldowns, budget, blast
-- radius, attempts), one remediation per target, approvals.
CREATE TABLE runtime_settings (
  name        TEXT    NOT NULL PRIMARY KEY,
  setting     TEXT    NOT NULL,
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT
);
INSERT INTO runtime_settings (name, setting, updated_at, updated_by) VALUES ('paused', 'false', 0, 'install');

CREATE TABLE action_ledger (
  seq          INTEGER PRIMARY KEY,
  recorded_at  INTEGER NOT NULL,
  incident_id  TEXT    NOT NULL,
  rule_id      TEXT    NOT NULL,
  step_id      TEXT    NOT NULL,
  action       TEXT    NOT NULL,
  target_key   TEXT    NOT NULL,
  target_kind  TEXT    NOT NULL
);
CREATE INDEX action_ledger_by_target ON action_ledger (target_key, action, recorded_at);
CREATE INDEX action_ledger_by_incident ON action_ledger (incident_id, step_id);
CREATE INDEX action_ledger_by_time ON action_ledger (recorded_at);

CREATE TABLE target_locks (
  target_key  TEXT    NOT NULL PRIMARY KEY,
  incident_id TEXT    NOT NULL,
  acquired_at INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX target_locks_by_incident ON target_locks (incident_id);

CREATE TABLE approvals (
  incident_id  TEXT    NOT NULL,
  step_id      TEXT    NOT NULL,
  requested_at INTEGER NOT NULL,
  deadline     INTEGER NOT NULL,
  decision     TEXT,
  decided_at   INTEGER,
  decided_by   TEXT,
  PRIMARY KEY (incident_id, step_id)
);

-- Written and deleted by the writer while the store refuses writes, to tell when it is back.
CREATE TABLE store_probe (filler TEXT NOT NULL);

-- Silences runbookd keeps in Alertmanager while it works on an incident (rules with silence):
-- one per Alertmanager and alert label set. The row is committed before the silence is created
-- (state creating) and the silence's comment carries the row's id, so a crash between the two
-- is resolved at recovery: the silence is adopted or expired, never left behind. States:
-- creating, active, expiring, expired; planned in dry-run (recorded, never created).
CREATE TABLE silences (
  id            TEXT    NOT NULL PRIMARY KEY,
  incident_id   TEXT    NOT NULL,
  alertmanager  TEXT    NOT NULL,
  matchers_hash TEXT    NOT NULL,
  matchers      TEXT    NOT NULL,
  state         TEXT    NOT NULL,
  silence_id    TEXT,
  ends_at       INTEGER NOT NULL,
  attempts      INTEGER NOT NULL,
  last_error    TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX silences_live ON silences (state) WHERE state <> 'expired';
CREATE INDEX silences_by_incident ON silences (incident_id);
CREATE UNIQUE INDEX silences_one_pending ON silences (incident_id, alertmanager, matchers_hash)
  WHERE state IN ('creating', 'planned');

-- Scheduled slots a runbook ran (or missed): the key makes a slot run once across replicas.
CREATE TABLE schedule_slots (
  rule_id     TEXT    NOT NULL,
  slot        TEXT    NOT NULL,
  state       TEXT    NOT NULL,
  incident_id TEXT,
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY (rule_id, slot)
);

-- Drills: rehearsals of a runbook in dry-run (runbookd drill, POST /api/v1/runbooks/{id}/drills),
-- one row per drill, its result (running, pass, fail) written when its incident comes to rest.
-- Kept when retention deletes the incident: the runbook testing table reads them.
CREATE TABLE drills (
  incident_id TEXT    NOT NULL PRIMARY KEY,
  rule_id     TEXT    NOT NULL,
  started_at  INTEGER NOT NULL,
  started_by  TEXT    NOT NULL,
  result      TEXT    NOT NULL,
  reason      TEXT,
  finished_at INTEGER
);
CREATE INDEX drills_by_rule ON drills (rule_id, started_at);
CREATE INDEX drills_running ON drills (result) WHERE result = 'running';

-- Per runbook: since when runbookd has watched it (one never drilled is due that long after),
-- and the due date it was last paged as overdue, so that one replica pages once per period.
CREATE TABLE drill_watch (
  rule_id        TEXT    NOT NULL PRIMARY KEY,
  watched_since  INTEGER NOT NULL,
  paged_due      INTEGER,
  paged_incident TEXT
);

-- Reports runbooks produce (weekly maintenance, capacity planning): one self-contained HTML page
-- each, deleted with the incident that produced it.
CREATE TABLE reports (
  id          TEXT    NOT NULL PRIMARY KEY,
  rule_id     TEXT    NOT NULL,
  incident_id TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  title       TEXT    NOT NULL,
  html        TEXT    NOT NULL
);
CREATE INDEX reports_by_created ON reports (created_at);
CREATE INDEX reports_by_incident ON reports (incident_id);

-- Approval requests sent to pagers with buttons (Slack) while a step waits: one per incident and
-- step (a step found waiting again is not posted twice). Their outbox events carry page_id 0 (no
-- page). closed_at is set when the follow-up (approved, denied, window closed) is queued.
CREATE TABLE approval_notices (
  incident_id TEXT    NOT NULL,
  step_id     TEXT    NOT NULL,
  dedup_key   TEXT    NOT NULL,
  body        TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  closed_at   INTEGER,
  PRIMARY KEY (incident_id, step_id)
);
CREATE INDEX approval_notices_open ON approval_notices (created_at) WHERE closed_at IS NULL;
