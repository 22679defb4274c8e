-- An agent deleted from the dashboard stays as a row marked with when, so the usage it made
-- keeps its name in charts and exports; its keys are revoked, not removed.
ALTER TABLE agents ADD COLUMN deleted_at BIGINT;
