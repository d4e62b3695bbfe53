-- A department's last pick-ups (the queue's wait estimate, read whenever a chat joins or moves up the queue): without
-- this index every estimate scanned all the department's chats, which grows with its history.
CREATE INDEX ix_chats_department_pickups ON chats (department_id, assigned_at DESC) WHERE assigned_at IS NOT NULL AND queued_at IS NOT NULL;
