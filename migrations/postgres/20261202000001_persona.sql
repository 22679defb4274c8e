-- Persona files (SOUL.md, AGENTS.md, IDENTITY.md, USER.md) of a bot's agents: every content
-- BaaS wrote, and the file as first found (version 0), so a change can be compared and undone.
-- Persona text is the owner's prose, not a secret, and is kept as it is.
CREATE TABLE persona_versions (
    id TEXT PRIMARY KEY,
    bot_id TEXT NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    agent_id TEXT NOT NULL,
    name TEXT NOT NULL,
    version BIGINT NOT NULL,
    content TEXT NOT NULL,
    summary TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (bot_id, agent_id, name, version)
);
