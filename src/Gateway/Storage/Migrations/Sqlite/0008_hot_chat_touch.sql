-- As on PostgreSQL: the idle sweep finds active chats by state; a customer's message no longer updates an index.
DROP INDEX ix_chats_active_idle;
