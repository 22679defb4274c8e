-- Hardening: keys know the bot they were provisioned into (only such keys may call the
-- gateway on plans without API access, and they are revoked with their bot); operators cap a
-- workspace's monthly spending where its own admins cannot lift it; one export runs at a time
-- per workspace, across every server process.

ALTER TABLE virtual_keys ADD COLUMN bot_id TEXT;
CREATE INDEX virtual_keys_bot ON virtual_keys (bot_id);

-- Monthly spending cap set by an operator, in micro-USD; NULL means none.
ALTER TABLE tenants ADD COLUMN operator_cap BIGINT;

-- A running export per workspace; a row older than the export time limit is from a process
-- that died and is taken over.
CREATE TABLE export_runs (
    tenant_id TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL
);

-- Exports page through a workspace's records in (time, id) order.
CREATE INDEX usage_records_tenant_time_id ON usage_records (tenant_id, created_at, id);
DROP INDEX usage_records_tenant_time;
