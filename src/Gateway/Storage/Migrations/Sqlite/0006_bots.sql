-- Activities waiting to be POSTed to a bot (customer messages, handoff.status events); claimed with a lease,
-- the oldest of a chat first, deleted once the bot answered 2xx.
CREATE TABLE bot_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id         text NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    bot             text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('activity', 'status')),
    payload         text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at text NOT NULL,
    locked_until    text,
    created_at      text NOT NULL
);
CREATE INDEX ix_bot_deliveries_due ON bot_deliveries (next_attempt_at);
CREATE INDEX ix_bot_deliveries_chat ON bot_deliveries (chat_id, id);

-- A bot's handoff.initiate: which bot waits for handoff.status, and what it was told last.
CREATE TABLE bot_handoffs (
    chat_id    text PRIMARY KEY REFERENCES chats (id) ON DELETE CASCADE,
    bot        text NOT NULL,
    state      text NOT NULL CHECK (state IN ('requested', 'accepted', 'failed', 'completed')),
    updated_at text NOT NULL
);
