-- The operator console (issue 19): per-operator read state, who has a chat open, console preferences, and the files
-- operators send to customers.

-- The last message each operator has read in a chat; it only ever moves forward.
CREATE TABLE operator_reads (
    operator_id text NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    chat_id     text NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    message_seq bigint NOT NULL,
    message_id  text NOT NULL,
    read_at     timestamptz NOT NULL,
    PRIMARY KEY (operator_id, chat_id)
);

-- "I have this chat open" heartbeats: a row lives until "until"; a sweep removes lapsed rows and tells the chat's operators.
CREATE TABLE chat_presence (
    chat_id     text NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    operator_id text NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    typing      boolean NOT NULL,
    until       timestamptz NOT NULL,
    PRIMARY KEY (chat_id, operator_id)
);
CREATE INDEX ix_chat_presence_until ON chat_presence (until);

CREATE TABLE operator_preferences (
    operator_id           text PRIMARY KEY REFERENCES operators (id) ON DELETE CASCADE,
    enter_sends           boolean NOT NULL,
    sound                 boolean NOT NULL,
    desktop_notifications boolean NOT NULL,
    language              text,
    updated_at            timestamptz NOT NULL
);

-- Files operators send: the bytes are kept here, so every node serves them and the channels can fetch them.
CREATE TABLE chat_files (
    id           text PRIMARY KEY,
    chat_id      text NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    name         text NOT NULL,
    content_type text NOT NULL,
    length       bigint NOT NULL,
    content      bytea NOT NULL,
    created_by   text NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX ix_chat_files_chat ON chat_files (chat_id);
