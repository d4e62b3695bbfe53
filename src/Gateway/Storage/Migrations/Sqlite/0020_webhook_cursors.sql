-- Outgoing chat-event webhooks (issue 22): each configured subscription's position in the event log (see the
-- PostgreSQL migration).
CREATE TABLE webhook_cursors (
    subscription    text PRIMARY KEY,
    position        integer NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at text,
    locked_until    text,
    last_error      text,
    updated_at      text NOT NULL
);
