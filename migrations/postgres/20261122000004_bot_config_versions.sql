-- Every configuration applied to a bot through BaaS (and the one found before the first
-- change), sealed with the master key as it may hold provider keys.
CREATE TABLE bot_config_versions (
    id TEXT PRIMARY KEY,
    bot_id TEXT NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    config_sealed TEXT NOT NULL,
    summary TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (bot_id, version)
);
