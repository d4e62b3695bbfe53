-- Supervisors and admins (issue 21).

-- The chat report (GET /reports/chats) reads the chats started in a range, then per chat its first operator reply and
-- its transfers, reassignments and handoffs; each of these is one probe of a narrow index instead of a scan.
CREATE INDEX ix_chats_started ON chats (started_at);
CREATE INDEX ix_messages_operator_replies ON messages (chat_id, sent_at) WHERE sender_kind = 'operator' AND NOT internal;
CREATE INDEX ix_chat_history_handovers ON chat_history (chat_id, action) WHERE action IN ('transferred', 'reassigned', 'handedOff');
