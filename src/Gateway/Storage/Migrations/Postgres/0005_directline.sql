-- Direct Line conversations of the web widget: reserved by a token, started by the client. The visitor's
-- context (pre-chat form, page, browser) is merged here and handed to ingest with every activity.
CREATE TABLE directline_conversations (
    id         text PRIMARY KEY,
    user_id    text NOT NULL,
    user_name  text,
    visitor    text NOT NULL,
    created_at timestamptz NOT NULL,
    started_at timestamptz
);

-- The Direct Line watermark is the event id of a chat.message event (commit-ordered); reads go by chat.
CREATE INDEX ix_events_chat ON events (chat_id, id);
