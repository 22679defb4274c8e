-- Opus credits: model families a plan reaches only through prepaid credits (Business: Opus),
-- each workspace's credits (everything ever credited, and the balance right after the last
-- purchase, which low-credit alerts measure against), the money-in ledger (a Stripe checkout
-- credited once), the packs the operator sells, and the part of each request's cost paid by
-- credits (the money out).
ALTER TABLE plans ADD COLUMN credit_models TEXT NOT NULL DEFAULT '';
UPDATE plans SET credit_models = 'opus' WHERE id = 'business';

ALTER TABLE tenants ADD COLUMN credits_granted BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN credits_base BIGINT NOT NULL DEFAULT 0;

CREATE TABLE credit_ledger (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('purchase', 'grant')),
    amount_micro_usd BIGINT NOT NULL,
    pack TEXT,
    paid_brl_cents BIGINT NOT NULL DEFAULT 0,
    -- The checkout session a purchase came from: the webhook credits it once.
    stripe_ref TEXT UNIQUE,
    actor TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX credit_ledger_tenant ON credit_ledger (tenant_id, created_at);

CREATE TABLE credit_packs (
    id TEXT PRIMARY KEY,
    credit_micro_usd BIGINT NOT NULL CHECK (credit_micro_usd > 0),
    price_brl_cents BIGINT NOT NULL CHECK (price_brl_cents > 0),
    stripe_price TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

ALTER TABLE usage_records ADD COLUMN credit_micro_usd BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_rollups ADD COLUMN credit_micro_usd BIGINT NOT NULL DEFAULT 0;
