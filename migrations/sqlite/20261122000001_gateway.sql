-- The LLM gateway: agents and their virtual keys, the provider credential pool, prices,
-- usage records with hourly and daily rollups, and alert events. Money is micro-USD.

CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    clawdbot_agent_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, clawdbot_agent_id)
);
CREATE INDEX agents_tenant ON agents (tenant_id);

CREATE TABLE virtual_keys (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    key_hash TEXT NOT NULL UNIQUE,
    display_prefix TEXT NOT NULL,
    name TEXT NOT NULL,
    created_by TEXT,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX virtual_keys_tenant ON virtual_keys (tenant_id);

CREATE TABLE provider_credentials (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('anthropic_api_key', 'claude_subscription', 'openai_compatible')),
    base_url TEXT NOT NULL,
    secret_sealed TEXT NOT NULL,
    priority BIGINT NOT NULL,
    enabled BIGINT NOT NULL,
    rpm_limit BIGINT,
    tpm_limit BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE model_prices (
    model TEXT PRIMARY KEY,
    input BIGINT NOT NULL,
    output BIGINT NOT NULL,
    cache_read BIGINT NOT NULL,
    cache_write BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE usage_records (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    credential_id TEXT,
    model_requested TEXT NOT NULL,
    model_served TEXT,
    input_tokens BIGINT NOT NULL,
    output_tokens BIGINT NOT NULL,
    cache_read_tokens BIGINT NOT NULL,
    cache_write_tokens BIGINT NOT NULL,
    cost_micro_usd BIGINT NOT NULL,
    latency_ms BIGINT NOT NULL,
    ttft_ms BIGINT,
    status TEXT NOT NULL,
    http_status BIGINT NOT NULL,
    failovers BIGINT NOT NULL,
    streamed BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX usage_records_tenant_time ON usage_records (tenant_id, created_at);

CREATE TABLE usage_rollups (
    period TEXT NOT NULL CHECK (period IN ('hour', 'day')),
    bucket_start BIGINT NOT NULL,
    tenant_id TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    model TEXT NOT NULL,
    requests BIGINT NOT NULL,
    errors BIGINT NOT NULL,
    input_tokens BIGINT NOT NULL,
    output_tokens BIGINT NOT NULL,
    cache_read_tokens BIGINT NOT NULL,
    cache_write_tokens BIGINT NOT NULL,
    cost_micro_usd BIGINT NOT NULL,
    PRIMARY KEY (period, bucket_start, tenant_id, agent_id, model)
);
CREATE INDEX usage_rollups_tenant ON usage_rollups (tenant_id, period, bucket_start);

CREATE TABLE alert_events (
    id TEXT PRIMARY KEY,
    tenant_id TEXT,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    acknowledged_at BIGINT
);
CREATE INDEX alert_events_time ON alert_events (created_at);
