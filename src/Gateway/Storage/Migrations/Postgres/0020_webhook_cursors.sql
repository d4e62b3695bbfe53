-- Outgoing chat-event webhooks (issue 22): each configured subscription's position in the event log. The relay sends
-- the events after `position` in order and moves it only once the receiver accepted (or the event was given up), so a
-- restart resumes where delivery stopped. A lease (`locked_until`) keeps a second node off the same subscription.
CREATE TABLE webhook_cursors (
    subscription    text PRIMARY KEY,
    position        bigint NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    locked_until    timestamptz,
    last_error      text,
    updated_at      timestamptz NOT NULL
);
