-- Answers that are more than one plain text choice (tool calls, several choices, a finish other than "stop")
-- keep their choices as JSON here; NULL for the plain answer, which the answer column holds.
ALTER TABLE cache_entry ADD COLUMN detail VARCHAR;
