-- The chat report (GET /reports/chats, issue 21) kept on each chat as it happens (see the PostgreSQL migration of the
-- same number for what each column is): triggers on the rows the report used to read set them in the transaction that
-- writes the row, whatever path writes it, and existing chats are filled from those rows here.
ALTER TABLE chats ADD COLUMN first_assigned_at text;
ALTER TABLE chats ADD COLUMN first_reply_at text;
ALTER TABLE chats ADD COLUMN bot_joined integer NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN handoffs integer NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN transfers integer NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN reassignments integer NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN summaries integer NOT NULL DEFAULT 0;

CREATE TRIGGER chat_participants_report_bot AFTER INSERT ON chat_participants WHEN NEW.kind = 'bot'
BEGIN
    UPDATE chats SET bot_joined = 1 WHERE id = NEW.chat_id AND NOT bot_joined;
END;
CREATE TRIGGER chat_participants_report_owner AFTER INSERT ON chat_participants WHEN NEW.kind = 'operator' AND NEW.role = 'owner'
BEGIN
    UPDATE chats SET first_assigned_at = NEW.joined_at WHERE id = NEW.chat_id AND (first_assigned_at IS NULL OR first_assigned_at > NEW.joined_at);
END;
CREATE TRIGGER messages_report_reply AFTER INSERT ON messages WHEN NEW.sender_kind = 'operator' AND NOT NEW.internal
BEGIN
    UPDATE chats SET first_reply_at = NEW.sent_at WHERE id = NEW.chat_id AND (first_reply_at IS NULL OR first_reply_at > NEW.sent_at);
END;
CREATE TRIGGER chat_history_report AFTER INSERT ON chat_history WHEN NEW.action IN ('transferred', 'reassigned', 'handedOff')
BEGIN
    UPDATE chats SET handoffs = handoffs + CASE WHEN NEW.action = 'handedOff' THEN 1 ELSE 0 END,
                     transfers = transfers + CASE WHEN NEW.action = 'transferred' THEN 1 ELSE 0 END,
                     reassignments = reassignments + CASE WHEN NEW.action = 'reassigned' THEN 1 ELSE 0 END
    WHERE id = NEW.chat_id;
END;
CREATE TRIGGER chat_summaries_report AFTER INSERT ON chat_summaries
BEGIN
    UPDATE chats SET summaries = summaries + 1 WHERE id = NEW.chat_id;
END;

UPDATE chats SET
    first_assigned_at = (SELECT MIN(p.joined_at) FROM chat_participants p WHERE p.chat_id = chats.id AND p.kind = 'operator' AND p.role = 'owner'),
    first_reply_at = (SELECT MIN(m.sent_at) FROM messages m WHERE m.chat_id = chats.id AND m.sender_kind = 'operator' AND NOT m.internal),
    bot_joined = EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = chats.id AND p.kind = 'bot'),
    handoffs = (SELECT COUNT(*) FROM chat_history h WHERE h.chat_id = chats.id AND h.action = 'handedOff'),
    transfers = (SELECT COUNT(*) FROM chat_history h WHERE h.chat_id = chats.id AND h.action = 'transferred'),
    reassignments = (SELECT COUNT(*) FROM chat_history h WHERE h.chat_id = chats.id AND h.action = 'reassigned'),
    summaries = (SELECT COUNT(*) FROM chat_summaries x WHERE x.chat_id = chats.id);

-- The two partial indexes of 0015 served only the report's reads of replies and handovers.
DROP INDEX ix_messages_operator_replies;
DROP INDEX ix_chat_history_handovers;
