-- The gateway's RS256 keys for stock Bot Framework bots (docs/bots.md): it signs with the newest key whose active_from
-- has come, and publishes (JWKS) every key not yet retired, so a bot learns a new key before it is used.
CREATE TABLE bot_signing_keys (
    kid         text PRIMARY KEY,
    private_key text NOT NULL,
    created_at  text NOT NULL,
    active_from text NOT NULL,
    retire_at   text
);
