-- Automatic summaries (at transfer, reassign, invite and end) are jobs, so that they never block the
-- action that asked for them and survive a node restart.
CREATE TABLE summary_jobs (
    id                 bigserial PRIMARY KEY,
    chat_id            text NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    trigger            text NOT NULL,
    language           text NOT NULL,
    target_operator_id text,
    state              text NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
    attempts           integer NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz NOT NULL,
    locked_until       timestamptz,
    last_error         text,
    created_at         timestamptz NOT NULL
);
CREATE INDEX ix_summary_jobs_due ON summary_jobs (state, next_attempt_at);
CREATE INDEX ix_summary_jobs_chat ON summary_jobs (chat_id);
