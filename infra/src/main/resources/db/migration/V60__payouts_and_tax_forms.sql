-- Payouts and tax forms.

-- Command side -------------------------------------------------------------------------------------------------------
-- The payout ledger (command/payout/PayoutLedger): kept in the transaction of the events it follows. Which commissions
-- a payout may pick up (approved, in no payout), and each affiliate's payouts for the tax-form threshold. Only a finder:
-- the Commission aggregate itself refuses a commission that is not approved or already reserved.
CREATE TABLE payout_commission_index (
    commission_id VARCHAR(40) NOT NULL PRIMARY KEY,
    merchant_id   VARCHAR(40) NOT NULL,
    affiliate_id  VARCHAR(40) NOT NULL,
    currency      CHAR(3)     NOT NULL,
    amount_cents  BIGINT      NOT NULL,
    status        VARCHAR(20) NOT NULL,
    payout_id     VARCHAR(40)
);
CREATE INDEX payout_commission_index_payable ON payout_commission_index (merchant_id, affiliate_id, currency)
    WHERE status = 'approved' AND payout_id IS NULL;

CREATE TABLE payout_index (
    payout_id    VARCHAR(40) NOT NULL PRIMARY KEY,
    merchant_id  VARCHAR(40) NOT NULL,
    affiliate_id VARCHAR(40) NOT NULL,
    currency     CHAR(3)     NOT NULL,
    amount_cents BIGINT      NOT NULL,
    status       VARCHAR(20) NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX payout_index_affiliate ON payout_index (merchant_id, affiliate_id, currency, created_at);

-- Commissions recorded before this version: what the commissions read model knew when it ran (no payout existed yet).
INSERT INTO payout_commission_index (commission_id, merchant_id, affiliate_id, currency, amount_cents, status)
SELECT id, merchant_id, affiliate_id, currency, amount_cents, status FROM commissions
ON CONFLICT (commission_id) DO NOTHING;

-- Read models --------------------------------------------------------------------------------------------------------
CREATE TABLE payouts (
    id                 VARCHAR(40)  NOT NULL PRIMARY KEY,
    merchant_id        VARCHAR(40)  NOT NULL,
    affiliate_id       VARCHAR(40)  NOT NULL,
    batch_id           VARCHAR(40),
    currency           CHAR(3)      NOT NULL,
    amount_cents       BIGINT       NOT NULL,
    commission_ids     TEXT[]       NOT NULL,
    status             VARCHAR(20)  NOT NULL,
    external_reference VARCHAR(255),
    failure_reason     VARCHAR(500),
    created_at         TIMESTAMPTZ  NOT NULL,
    sent_at            TIMESTAMPTZ,
    paid_at            TIMESTAMPTZ,
    failed_at          TIMESTAMPTZ,
    updated_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX payouts_merchant ON payouts (merchant_id, id DESC);
CREATE INDEX payouts_merchant_affiliate ON payouts (merchant_id, affiliate_id, id DESC);
CREATE INDEX payouts_merchant_batch ON payouts (merchant_id, batch_id, id DESC) WHERE batch_id IS NOT NULL;
CREATE INDEX payouts_merchant_status ON payouts (merchant_id, status, id DESC);
SELECT protect_read_model('payouts');

ALTER TABLE commissions ADD COLUMN payout_id VARCHAR(40);

ALTER TABLE affiliates ADD COLUMN tax_form_type VARCHAR(20);
ALTER TABLE affiliates ADD COLUMN tax_form_received_on DATE;
