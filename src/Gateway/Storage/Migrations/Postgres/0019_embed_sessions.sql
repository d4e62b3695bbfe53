-- One-time embed URLs (issue 22): the code's SHA-256 hash, the agent and the customer it is bound to, when it runs out
-- and when it was used (a second use is refused). Rows are kept a day for the answer "already used", then removed.
CREATE TABLE embed_sessions (
    code_hash        text PRIMARY KEY,
    installation_id  text NOT NULL REFERENCES helpdesk_installations (id) ON DELETE CASCADE,
    operator_id      text NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    requester_email  text,
    requester_phone  text,
    requester_name   text,
    ticket_id        text,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    used_at          timestamptz
);
CREATE INDEX ix_embed_sessions_created ON embed_sessions (created_at);
CREATE INDEX ix_visitors_phone ON visitors (phone) WHERE phone IS NOT NULL;
