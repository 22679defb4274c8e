-- Cost control: plans and their limits, tenant time zones and budgets, agent budgets and daily
-- pauses, auto-downgrade state, alert acknowledgement and once-per-period alert marks.
-- Money is micro-USD; NULL limits mean "no limit".

CREATE TABLE plans (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- Comma-separated model families the plan may call: haiku, sonnet, opus.
    models TEXT NOT NULL,
    default_model TEXT NOT NULL,
    monthly_messages BIGINT,
    max_groups BIGINT,
    max_bots BIGINT,
    api_access BIGINT NOT NULL,
    position BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
INSERT INTO plans (id, name, models, default_model, monthly_messages, max_groups, max_bots, api_access, position, updated_at) VALUES
    ('starter', 'Starter', 'haiku', 'claude-haiku-4-5', 500, 1, 1, 0, 1, 0),
    ('pro', 'Pro', 'haiku,sonnet', 'claude-sonnet-4-5', 5000, 10, 1, 0, 2, 0),
    ('business', 'Business', 'haiku,sonnet,opus', 'claude-sonnet-4-5', 20000, NULL, 5, 1, 3, 0),
    ('enterprise', 'Enterprise', 'haiku,sonnet,opus', 'claude-opus-4-5', NULL, NULL, NULL, 1, 4, 0);

ALTER TABLE tenants ADD COLUMN plan_id TEXT NOT NULL DEFAULT 'business';
-- Workspaces that existed before plans keep unlimited use; new ones start on Business.
UPDATE tenants SET plan_id = 'enterprise';
ALTER TABLE tenants ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE tenants ADD COLUMN monthly_budget BIGINT;
ALTER TABLE tenants ADD COLUMN downgrade_enabled BIGINT NOT NULL DEFAULT 1;
ALTER TABLE tenants ADD COLUMN downgrade_share BIGINT NOT NULL DEFAULT 20;
ALTER TABLE tenants ADD COLUMN downgrade_active BIGINT NOT NULL DEFAULT 0;

ALTER TABLE agents ADD COLUMN monthly_budget BIGINT;
ALTER TABLE agents ADD COLUMN daily_limit BIGINT;
ALTER TABLE agents ADD COLUMN paused_until BIGINT;
ALTER TABLE agents ADD COLUMN pause_lifted_until BIGINT;

ALTER TABLE alert_events ADD COLUMN acknowledged_by TEXT;
CREATE INDEX alert_events_tenant ON alert_events (tenant_id, created_at);

-- One row per threshold that fired in a period, so it fires once across every process.
CREATE TABLE alert_marks (
    scope TEXT NOT NULL,
    kind TEXT NOT NULL,
    threshold BIGINT NOT NULL,
    period TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (scope, kind, threshold, period)
);
