-- Tickets: retries that backed off (helpdesk down, throttled, or a request failing alone); Tickets:MaxAttempts counts these,
-- not the quick retries made while the helpdesk answers other requests.
ALTER TABLE ticket_requests ADD COLUMN backoffs integer NOT NULL DEFAULT 0;
