-- Billing with Stripe: each paid plan's monthly price (BRL cents) and the Stripe Price it is
-- sold at, each workspace's Stripe customer and subscription as last read from Stripe, the
-- webhook events already processed, and the operator's grace period for failed payments.
ALTER TABLE plans ADD COLUMN price_brl_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN stripe_price TEXT;
UPDATE plans SET price_brl_cents = 19700 WHERE id = 'pro';
UPDATE plans SET price_brl_cents = 49700 WHERE id = 'business';
UPDATE plans SET price_brl_cents = 199700 WHERE id = 'enterprise';

-- Set when an operator puts a workspace on a plan by hand: Stripe's events then leave its
-- plan alone (its payment standing is still kept) until the operator lets Stripe decide again.
ALTER TABLE tenants ADD COLUMN plan_override BIGINT NOT NULL DEFAULT 0;

CREATE TABLE billing_accounts (
    tenant_id TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    customer_id TEXT NOT NULL UNIQUE,
    subscription_id TEXT,
    -- Stripe's status of the subscription when last read (active, past_due, canceled, ...).
    status TEXT,
    price_id TEXT,
    period_end BIGINT,
    cancel_at_period_end BIGINT NOT NULL DEFAULT 0,
    -- The first failed payment seen while the subscription still fails; the grace counts from it.
    failing_since BIGINT,
    -- free, paid, grace, lapsed or ended (see baas::billing::lifecycle::Standing).
    standing TEXT NOT NULL DEFAULT 'free',
    -- When the standing last changed (a lapse is dated by it).
    standing_since BIGINT NOT NULL,
    last_event_id TEXT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX billing_accounts_standing ON billing_accounts (standing);

-- Stored in the same transaction as the event's effects, first: a retried or replayed event
-- finds its id and changes nothing.
CREATE TABLE stripe_events (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    tenant_id TEXT REFERENCES tenants (id) ON DELETE SET NULL,
    received_at BIGINT NOT NULL
);

CREATE TABLE billing_settings (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    grace_days BIGINT NOT NULL CHECK (grace_days BETWEEN 0 AND 60),
    updated_at BIGINT NOT NULL
);
INSERT INTO billing_settings (id, grace_days, updated_at) VALUES (1, 7, 0);
