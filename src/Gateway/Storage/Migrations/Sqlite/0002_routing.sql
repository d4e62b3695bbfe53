-- LiveChat Gateway: routing, the operator's workflow and canned messages (SQLite).
-- Quartz's own tables are not here: Quartz 4 provisions its schema at start (IPersistentStoreBuilder.ProvisionSchema).
ALTER TABLE departments ADD COLUMN assignment_mode text NOT NULL DEFAULT 'pickup'
    CHECK (assignment_mode IN ('pickup', 'roundRobin', 'leastLoaded'));

ALTER TABLE operators ADD COLUMN last_assigned_at text;

-- The current offer of a queued chat in a roundRobin/leastLoaded department.
ALTER TABLE chats ADD COLUMN offered_operator_id text;
ALTER TABLE chats ADD COLUMN offer_expires_at text;

-- The sweeps' indexes: each sweep reads one narrow, ordered slice.
CREATE INDEX ix_chats_ending_due ON chats (auto_end_at) WHERE state = 'ending';
CREATE INDEX ix_chats_queue ON chats (department_id, queued_at, id) WHERE state = 'queued';
CREATE INDEX ix_chats_active_idle ON chats (last_visitor_activity_at) WHERE state = 'active';
CREATE INDEX ix_chat_participants_open ON chat_participants (participant_id, chat_id) WHERE left_at IS NULL;

-- Who was offered a chat, so an offer that was declined or ran out goes to someone else.
CREATE TABLE chat_offers (
    chat_id     text NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    operator_id text NOT NULL,
    offered_at  text NOT NULL,
    PRIMARY KEY (chat_id, operator_id)
);

-- Transfers and invitations waiting for their target's answer.
CREATE TABLE chat_requests (
    id                 text PRIMARY KEY,
    chat_id            text NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    kind               text NOT NULL CHECK (kind IN ('transfer', 'invite')),
    from_operator_id   text NOT NULL,
    to_operator_id     text,
    to_department_id   text,
    note               text,
    state              text NOT NULL CHECK (state IN ('pending', 'accepted', 'declined', 'expired', 'cancelled')),
    created_at         text NOT NULL,
    expires_at         text NOT NULL,
    resolved_at        text,
    resolved_by        text
);
CREATE UNIQUE INDEX ux_chat_requests_pending_transfer ON chat_requests (chat_id) WHERE state = 'pending' AND kind = 'transfer';
CREATE UNIQUE INDEX ux_chat_requests_pending_invite ON chat_requests (chat_id, to_operator_id) WHERE state = 'pending' AND kind = 'invite';
CREATE INDEX ix_chat_requests_due ON chat_requests (expires_at) WHERE state = 'pending';

CREATE TABLE canned_categories (
    id            text PRIMARY KEY,
    name          text NOT NULL,
    department_id text REFERENCES departments (id) ON DELETE CASCADE,
    created_at    text NOT NULL
);

CREATE TABLE canned_messages (
    id            text PRIMARY KEY,
    shortcut      text NOT NULL,
    text          text NOT NULL,
    department_id text REFERENCES departments (id) ON DELETE CASCADE,
    category_id   text REFERENCES canned_categories (id) ON DELETE SET NULL,
    created_at    text NOT NULL,
    updated_at    text NOT NULL
);
CREATE UNIQUE INDEX ux_canned_messages_shortcut ON canned_messages (COALESCE(department_id, ''), lower(shortcut));
