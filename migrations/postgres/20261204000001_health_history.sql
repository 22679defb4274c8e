-- The Admin Agent's health history: what each check found, for the status distribution and
-- the CSV download. NULL for a healthy check, else unreachable, channel_down, config_invalid or
-- errors. A check recorded before this column that found the bot down could not reach it; what
-- an older degraded check found was not kept.
ALTER TABLE health_checks ADD COLUMN fault TEXT;
UPDATE health_checks SET fault = 'unreachable' WHERE result = 'down';

-- The charts and the download read one workspace's checks over a period.
CREATE INDEX health_checks_tenant_time ON health_checks (tenant_id, checked_at);
