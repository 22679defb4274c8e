-- Alerts keep what they say as a message id and its arguments (JSON), so each reader is told
-- in their own language; `message` / `subject` and `detail` stay as the English rendering.
ALTER TABLE alert_events ADD COLUMN text_json TEXT;
ALTER TABLE notifications ADD COLUMN text_json TEXT;
