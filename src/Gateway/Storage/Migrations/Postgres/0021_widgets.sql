-- Console widgets (issue 22, docs/widgets.md): side-panel apps an admin configures. An iframe widget's URL template is
-- opened in the conversation view with a signed token; a card widget's is called by the gateway, which shows the JSON
-- answer as a card. Each widget signs its tokens (HS256) with its own secret, shown once and kept encrypted (AES-GCM
-- under a key derived from the operator signing key). department_id null: every department's chats.
CREATE TABLE widgets (
    id            text PRIMARY KEY,
    name          text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('iframe', 'card')),
    url_template  text NOT NULL,
    enabled       boolean NOT NULL DEFAULT true,
    department_id text REFERENCES departments (id) ON DELETE CASCADE,
    secret_cipher text NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
