-- What the operator page shows of the pool. Each credential keeps the last share of its limit
-- its provider reported (basis points, 0 to 10000) and when, written by whichever process read
-- it; and a month of usage is summed by the credential that served it.
ALTER TABLE provider_credentials ADD COLUMN headroom_bp BIGINT;
ALTER TABLE provider_credentials ADD COLUMN headroom_at BIGINT;
CREATE INDEX usage_records_credential_time ON usage_records (credential_id, created_at);
