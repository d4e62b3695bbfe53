-- Helpdesk apps (issue 22): one installation per helpdesk account an admin connects. Off until an admin turns it on;
-- its key is kept as a SHA-256 hash (shown once); frame_ancestors are the origins allowed to frame the embed page,
-- one per line; a Zendesk installation may instead prove itself with the RS256 JWT its signedUrls app posts.
CREATE TABLE helpdesk_installations (
    id                text PRIMARY KEY,
    kind              text NOT NULL CHECK (kind IN ('zendesk', 'zohodesk', 'freshdesk')),
    name              text NOT NULL,
    enabled           integer NOT NULL DEFAULT 0,
    key_hash          text NOT NULL,
    frame_ancestors   text NOT NULL,
    zendesk_audience  text,
    zendesk_public_key text,
    created_at        text NOT NULL,
    updated_at        text NOT NULL
);
