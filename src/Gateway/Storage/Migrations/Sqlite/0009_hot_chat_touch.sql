-- As on PostgreSQL: the idle sweep finds active chats by state, and no query reads events by time.
DROP INDEX ix_chats_active_idle;
DROP INDEX ix_events_created;
