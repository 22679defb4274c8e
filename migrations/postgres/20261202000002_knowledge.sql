-- A bot's knowledge base: documents its owners uploaded, kept as their text (what the bot is
-- given), one per name per bot (uploading the same name replaces it).
CREATE TABLE knowledge_documents (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    bot_id TEXT NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    chars BIGINT NOT NULL,
    text TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (bot_id, name)
);
