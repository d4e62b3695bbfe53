-- LiveChat Gateway: the initial schema (PostgreSQL).
CREATE TABLE settings (
    key         text PRIMARY KEY,
    value       text NOT NULL
);

CREATE TABLE departments (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    is_default  boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_departments_name ON departments (lower(name));
CREATE UNIQUE INDEX ux_departments_default ON departments (is_default) WHERE is_default;

CREATE TABLE operators (
    id                   text PRIMARY KEY,
    email                text NOT NULL,
    email_normalized     text NOT NULL UNIQUE,
    name                 text NOT NULL,
    password_hash        text NOT NULL,
    role                 text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
    max_concurrent_chats integer NOT NULL,
    language             text NOT NULL,
    status               text NOT NULL DEFAULT 'offline' CHECK (status IN ('online', 'offline')),
    ringer               boolean NOT NULL DEFAULT true,
    status_changed_at    timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);

CREATE TABLE operator_departments (
    operator_id   text NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    department_id text NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    PRIMARY KEY (operator_id, department_id)
);
CREATE INDEX ix_operator_departments_department ON operator_departments (department_id);

CREATE TABLE visitors (
    id           text PRIMARY KEY,
    channel      text NOT NULL,
    external_key text NOT NULL,
    name         text,
    email        text,
    phone        text,
    page         text,
    page_title   text,
    referrer     text,
    language     text,
    country      text,
    browser      text,
    os           text,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    UNIQUE (channel, external_key)
);
CREATE INDEX ix_visitors_email ON visitors (lower(email)) WHERE email IS NOT NULL;

CREATE TABLE chats (
    id                       text PRIMARY KEY,
    channel                  text NOT NULL,
    conversation_key         text NOT NULL,
    visitor_id               text NOT NULL REFERENCES visitors (id),
    department_id            text NOT NULL REFERENCES departments (id),
    state                    text NOT NULL CHECK (state IN ('queued', 'bot', 'active', 'ending', 'ended', 'missed')),
    question                 text,
    started_at               timestamptz NOT NULL,
    queued_at                timestamptz,
    assigned_at              timestamptz,
    ended_at                 timestamptz,
    end_reason               text,
    last_visitor_activity_at timestamptz NOT NULL,
    last_customer_message_at timestamptz,
    auto_end_at              timestamptz,
    end_after_seconds        integer,
    updated_at               timestamptz NOT NULL
);
-- One open chat per customer thread; a redelivery or a race finds it instead of opening a second.
CREATE UNIQUE INDEX ux_chats_open_conversation ON chats (channel, conversation_key) WHERE ended_at IS NULL;
CREATE INDEX ix_chats_state_department ON chats (state, department_id, started_at);
CREATE INDEX ix_chats_visitor ON chats (visitor_id, started_at DESC);
CREATE INDEX ix_chats_ended ON chats (ended_at DESC) WHERE ended_at IS NOT NULL;

CREATE TABLE chat_tags (
    chat_id text NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    tag     text NOT NULL,
    PRIMARY KEY (chat_id, tag)
);
CREATE INDEX ix_chat_tags_tag ON chat_tags (tag);

CREATE TABLE chat_summaries (
    id           bigserial PRIMARY KEY,
    chat_id      text NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    text         text NOT NULL,
    provider     text NOT NULL,
    language     text NOT NULL,
    trigger      text NOT NULL,
    fallback_reason text,
    generated_at timestamptz NOT NULL
);
CREATE INDEX ix_chat_summaries_chat ON chat_summaries (chat_id, id);

CREATE TABLE chat_participants (
    id          bigserial PRIMARY KEY,
    chat_id     text NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('operator', 'bot')),
    participant_id text NOT NULL,
    name        text NOT NULL,
    role        text NOT NULL CHECK (role IN ('owner', 'invited')),
    joined_at   timestamptz NOT NULL,
    left_at     timestamptz
);
CREATE INDEX ix_chat_participants_chat ON chat_participants (chat_id);
CREATE INDEX ix_chat_participants_participant ON chat_participants (participant_id, joined_at DESC);

CREATE TABLE messages (
    seq           bigserial PRIMARY KEY,
    id            text NOT NULL UNIQUE,
    chat_id       text NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    channel       text NOT NULL,
    external_id   text,
    direction     text NOT NULL CHECK (direction IN ('in', 'out')),
    sender_kind   text NOT NULL CHECK (sender_kind IN ('visitor', 'operator', 'bot', 'system')),
    sender_id     text,
    sender_name   text,
    activity_type text NOT NULL,
    text          text,
    attachments   text,
    activity      text NOT NULL,
    status        integer NOT NULL DEFAULT 0,
    status_at     timestamptz,
    error_code    text,
    error_message text,
    sent_at       timestamptz NOT NULL,
    created_at    timestamptz NOT NULL
);
-- The dedupe key of DESIGN.md §3: a redelivered webhook or a resent activity is stored once.
CREATE UNIQUE INDEX ux_messages_external ON messages (channel, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX ix_messages_chat ON messages (chat_id, seq);

CREATE TABLE chat_history (
    id         bigserial PRIMARY KEY,
    chat_id    text NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    action     text NOT NULL,
    actor_kind text NOT NULL,
    actor_id   text,
    detail     text,
    at         timestamptz NOT NULL
);
CREATE INDEX ix_chat_history_chat ON chat_history (chat_id, id);

CREATE TABLE events (
    id            bigserial PRIMARY KEY,
    type          text NOT NULL,
    chat_id       text,
    department_id text,
    operator_id   text,
    payload       text NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX ix_events_created ON events (created_at);

CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    message_id      text NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    chat_id         text NOT NULL,
    channel         text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    locked_until    timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL
);
CREATE INDEX ix_outbox_due ON outbox (next_attempt_at);
CREATE INDEX ix_outbox_chat ON outbox (chat_id, id);

CREATE TABLE ticket_requests (
    id              text PRIMARY KEY,
    chat_id         text NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('transcript', 'missed')),
    state           text NOT NULL CHECK (state IN ('pending', 'created', 'failed')),
    provider        text,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    locked_until    timestamptz,
    last_ambiguous  boolean NOT NULL DEFAULT false,
    external_id     text,
    external_url    text,
    last_error      text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (chat_id, kind)
);
CREATE INDEX ix_ticket_requests_due ON ticket_requests (state, next_attempt_at);
