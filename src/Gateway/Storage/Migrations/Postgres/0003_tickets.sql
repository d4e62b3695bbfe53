-- Tickets: the ticket request as built at its first attempt (JSON), so every retry sends the same payload.
ALTER TABLE ticket_requests ADD COLUMN request text;
CREATE INDEX ix_ticket_requests_chat ON ticket_requests (chat_id);
