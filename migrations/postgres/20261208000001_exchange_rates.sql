-- The rate the operator sets for showing reais beside dollars (micro-reais per US$); display
-- only, never charged by.
CREATE TABLE exchange_rates (
    currency TEXT PRIMARY KEY,
    micro_per_usd BIGINT NOT NULL,
    set_at BIGINT NOT NULL
);
