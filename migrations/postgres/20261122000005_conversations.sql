-- Conversations imported from bots' sessions: one row per session, with its agent, channel,
-- WhatsApp group (for group sessions), token totals and cost. Syncing upserts by session key.
CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    bot_id TEXT NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    session_key TEXT NOT NULL,
    agent TEXT NOT NULL,
    channel TEXT NOT NULL,
    group_jid TEXT,
    model TEXT,
    input_tokens BIGINT NOT NULL,
    output_tokens BIGINT NOT NULL,
    cost_micro_usd BIGINT NOT NULL,
    last_message TEXT,
    updated_at BIGINT NOT NULL,
    synced_at BIGINT NOT NULL,
    UNIQUE (bot_id, session_key)
);
CREATE INDEX conversations_tenant ON conversations (tenant_id, updated_at);
