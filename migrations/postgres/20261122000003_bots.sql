-- Clawdbot installs ("bots") registered by tenants: the gateway's address and its token,
-- sealed with the master key.
CREATE TABLE bots (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    gateway_url TEXT NOT NULL,
    token_sealed TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX bots_tenant ON bots (tenant_id);
