-- Tickets are Hangfire jobs (schema "hangfire", created by Hangfire.PostgreSql itself). The request row stays the truth:
-- job_id is the one job that acts for it, job_waiting_until the time (by the gateway's clock) its job was scheduled to
-- run again, so the relay can re-hand it when that time has passed and the job has not run.
ALTER TABLE ticket_requests ADD COLUMN job_id text;
ALTER TABLE ticket_requests ADD COLUMN job_waiting_until timestamptz;
CREATE INDEX ix_ticket_requests_unhanded ON ticket_requests (created_at) WHERE state = 'pending' AND job_id IS NULL;
CREATE INDEX ix_ticket_requests_job_waiting ON ticket_requests (job_waiting_until) WHERE job_waiting_until IS NOT NULL;
-- The chat timers' sweep is a hosted loop on every node now: Quartz and its tables are gone.
DROP TABLE IF EXISTS qrtz_fired_triggers, qrtz_paused_trigger_grps, qrtz_scheduler_state, qrtz_locks, qrtz_simple_triggers,
    qrtz_simprop_triggers, qrtz_cron_triggers, qrtz_blob_triggers, qrtz_triggers, qrtz_job_details, qrtz_calendars CASCADE;
-- The Hangfire Dashboard's browser sessions: a one-time code handed to the console (code_hash), redeemed once for a
-- short-lived cookie scoped to /jobs (cookie_hash). Only hashes are stored.
CREATE TABLE jobs_dashboard_sessions (
    code_hash text PRIMARY KEY,
    cookie_hash text UNIQUE,
    operator_id text NOT NULL,
    role text NOT NULL,
    expires_at timestamptz NOT NULL,
    redeemed_at timestamptz
);
