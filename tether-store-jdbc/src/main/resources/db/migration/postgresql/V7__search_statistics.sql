-- Statistics on lower(content), the expression message search filters on (SearchSql): without them the planner
-- guesses that a word matches a handful of messages, and for a common word reads the owner's messages by index
-- in the wrong order. With them a search for a common word stops at the first page of conversations (39 ms ->
-- 1 ms for 100,000 messages, PostgresSearchCostProbe). Kept by ANALYZE (autovacuum); writes pay nothing.
CREATE STATISTICS IF NOT EXISTS messages_lower_content ON (lower(content)) FROM messages;
