-- Helpdesk apps (issue 22): whether the agent email an installation's app names is taken on trust. Only a Zendesk
-- installation with signed URLs proves the agent (the user its JWT signs, looked up through the Zendesk API); Zoho Desk,
-- Freshdesk and key-only Zendesk apps do not, so their sessions are refused until an admin turns this on.
ALTER TABLE helpdesk_installations ADD COLUMN trust_agent_email integer NOT NULL DEFAULT 0;
