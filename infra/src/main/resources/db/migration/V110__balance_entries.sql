-- Finance (issue 14): balances on two time axes and statements, from one entry per balance movement.

-- One row per movement of a commission's money between the buckets of an affiliate's balance (query/finance,
-- BalanceProjector): `amount_cents` leaves `from_bucket` and enters `to_bucket`. Sources and sinks are buckets too
-- (`earned`, `reduced`, `voided`, `paid`, `clawed_back`), so the buckets of a balance always sum to zero and the
-- invariant earned − reduced − voided − clawed back − paid = pending + held + approved + in payout holds by construction.
-- Both times of the event are kept: `effective_at` (when it happened in the world) and `recorded_at` (when the
-- ledger learnt it), so a balance "as of" one instant "as known at" another is a sum over an index range.
CREATE TABLE balance_entries (
    merchant_id     VARCHAR(40)  NOT NULL,
    affiliate_id    VARCHAR(40)  NOT NULL,
    currency        CHAR(3)      NOT NULL,
    commission_id   VARCHAR(40)  NOT NULL,
    commission_kind VARCHAR(20)  NOT NULL,
    movement        VARCHAR(40)  NOT NULL,
    from_bucket     VARCHAR(20)  NOT NULL,
    to_bucket       VARCHAR(20)  NOT NULL,
    amount_cents    BIGINT       NOT NULL,
    effective_at    TIMESTAMPTZ  NOT NULL,
    recorded_at     TIMESTAMPTZ  NOT NULL,
    position        BIGINT       NOT NULL,
    event_id        VARCHAR(255) NOT NULL,
    event_type      VARCHAR(100) NOT NULL,
    conversion_id   VARCHAR(40),
    clawback_of     VARCHAR(40),
    payout_id       VARCHAR(40),
    reference       VARCHAR(255),
    note            VARCHAR(500),
    actor           VARCHAR(300) NOT NULL,
    PRIMARY KEY (event_id, commission_id)
);
CREATE INDEX balance_entries_effective ON balance_entries (merchant_id, affiliate_id, currency, effective_at)
    INCLUDE (recorded_at, from_bucket, to_bucket, amount_cents, commission_kind);
CREATE INDEX balance_entries_recorded ON balance_entries (merchant_id, affiliate_id, currency, recorded_at)
    INCLUDE (effective_at, from_bucket, to_bucket, amount_cents, commission_kind);
SELECT protect_read_model('balance_entries');

-- The projector's own memory: where each commission's money is now (its bucket and amount), so an event that says
-- only "voided" or "held" moves the right amount out of the right bucket. Written and read by the projector alone.
CREATE TABLE balance_commissions (
    commission_id VARCHAR(40) NOT NULL PRIMARY KEY,
    merchant_id   VARCHAR(40) NOT NULL,
    affiliate_id  VARCHAR(40) NOT NULL,
    currency      CHAR(3)     NOT NULL,
    kind          VARCHAR(20) NOT NULL,
    conversion_id VARCHAR(40),
    clawback_of   VARCHAR(40),
    status        VARCHAR(20) NOT NULL,
    flagged       BOOLEAN     NOT NULL,
    payout_id     VARCHAR(40),
    amount_cents  BIGINT      NOT NULL
);
SELECT protect_read_model('balance_commissions');
