-- What the Admin Agent records in words keeps a message id and its arguments (JSON) beside the
-- English: a check's reason, an incident's reason and each step of its timeline, and a
-- delivery's subject, so the dashboard says them in each reader's language. Rows written
-- before have none and are shown in English.
ALTER TABLE health_checks ADD COLUMN reason_json TEXT;
ALTER TABLE incidents ADD COLUMN reason_json TEXT;
ALTER TABLE incident_events ADD COLUMN detail_json TEXT;
ALTER TABLE deliveries ADD COLUMN subject_json TEXT;
