-- The configuration each bot last showed BaaS, with its hash and when it was read, sealed with
-- the master key as it may hold provider keys: a bot's pages show it while the bot cannot be
-- reached, instead of waiting for it.
CREATE TABLE bot_config_seen (
    bot_id TEXT PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
    config_sealed TEXT NOT NULL,
    hash TEXT NOT NULL,
    seen_at BIGINT NOT NULL
);
