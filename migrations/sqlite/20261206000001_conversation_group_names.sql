-- A group conversation keeps its WhatsApp group's name (the bot's `subject`), so people read
-- "Clientes VIP" rather than the group's id; none when the bot never reported one.
ALTER TABLE conversations ADD COLUMN group_name TEXT;
