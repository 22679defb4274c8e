-- The Admin Agent: every bot's supervision state and checks, incidents with their timeline,
-- silences, notification channels and settings, the alerts the engine has seen (for
-- deduplication across processes), each notification and every delivery attempt.

-- How often the workspace's bots are checked (minutes, 1 to 60).
ALTER TABLE tenants ADD COLUMN check_interval_minutes BIGINT NOT NULL DEFAULT 5;
-- Days the workspace's audit entries are kept (none: forever).
ALTER TABLE tenants ADD COLUMN audit_retention_days BIGINT;

-- One row per bot. A process claims a due check by moving `next_check_at` forward while it
-- is still due, so with several processes each check runs once.
CREATE TABLE bot_supervision (
    bot_id TEXT PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    fails BIGINT NOT NULL,
    passes BIGINT NOT NULL,
    next_check_at BIGINT NOT NULL,
    last_check_at BIGINT,
    last_good_version BIGINT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE health_checks (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    bot_id TEXT NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    checked_at BIGINT NOT NULL,
    result TEXT NOT NULL,
    latency_ms BIGINT,
    reason TEXT NOT NULL
);
CREATE INDEX health_checks_bot_time ON health_checks (bot_id, checked_at);
CREATE INDEX health_checks_time ON health_checks (checked_at);

-- At most one open incident per bot.
CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    bot_id TEXT NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    opened_at BIGINT NOT NULL,
    resolved_at BIGINT,
    acknowledged_at BIGINT,
    acknowledged_by TEXT,
    restarts BIGINT NOT NULL DEFAULT 0,
    last_restart_at BIGINT,
    rolled_back BIGINT NOT NULL DEFAULT 0,
    escalated BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX incidents_one_open ON incidents (bot_id) WHERE resolved_at IS NULL;
CREATE INDEX incidents_tenant_time ON incidents (tenant_id, opened_at);

-- `seq` orders an incident's events (several share a second).
CREATE TABLE incident_events (
    id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE UNIQUE INDEX incident_events_incident ON incident_events (incident_id, seq);

-- No alerts and no automatic restarts for a bot while silenced.
CREATE TABLE silences (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    bot_id TEXT NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    reason TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX silences_bot ON silences (bot_id, ends_at);

-- Where alerts go: a workspace's channels, or the operators' (no tenant). The target (addresses,
-- a URL, numbers) and a webhook's signing secret are sealed.
CREATE TABLE notify_channels (
    id TEXT PRIMARY KEY,
    tenant_id TEXT REFERENCES tenants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    target_sealed TEXT NOT NULL,
    secret_sealed TEXT,
    bot_id TEXT REFERENCES bots (id) ON DELETE CASCADE,
    enabled BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE INDEX notify_channels_tenant ON notify_channels (tenant_id);

-- Per workspace (or, with tenant '', the operators): which severities go to which kinds of
-- channel, quiet hours, how often an unresolved critical alert repeats, and the agent's voice.
CREATE TABLE notify_settings (
    scope TEXT PRIMARY KEY,
    routing TEXT NOT NULL,
    quiet_start BIGINT,
    quiet_end BIGINT,
    repeat_minutes BIGINT NOT NULL DEFAULT 240,
    tone TEXT NOT NULL DEFAULT 'casual',
    language TEXT NOT NULL DEFAULT 'en',
    emoji BIGINT NOT NULL DEFAULT 1,
    greeting TEXT NOT NULL DEFAULT '',
    signature TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);

-- The last time each alert key was let through; a second raise within the window is dropped
-- by a compare-and-set on this row, whichever process raises it.
CREATE TABLE alert_keys (
    alert_key TEXT PRIMARY KEY,
    last_sent_at BIGINT NOT NULL,
    open_since BIGINT
);

-- An alert on its way out: held for grouping or quiet hours until `due_at`, then delivered
-- once (a process claims it by moving `claimed_until` forward).
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    tenant_id TEXT REFERENCES tenants (id) ON DELETE CASCADE,
    bot_id TEXT,
    alert_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    resolved BIGINT NOT NULL DEFAULT 0,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL DEFAULT 0,
    sent_at BIGINT
);
CREATE INDEX notifications_due ON notifications (sent_at, due_at);
CREATE INDEX notifications_tenant_time ON notifications (tenant_id, created_at);

CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    tenant_id TEXT REFERENCES tenants (id) ON DELETE CASCADE,
    channel_id TEXT,
    channel_kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    notifications TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT,
    claimed_until BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX deliveries_retry ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_tenant_time ON deliveries (tenant_id, created_at);
