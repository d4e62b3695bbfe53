-- The operators an event is for, space-separated, when that is several (an incoming-chat alert rings these):
-- one row fanned out in memory instead of one row per operator.
ALTER TABLE events ADD COLUMN audience text;
