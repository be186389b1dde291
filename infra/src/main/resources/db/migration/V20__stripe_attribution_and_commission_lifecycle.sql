-- Stripe attribution, refunds and disputes, and the commission lifecycle (issue 4).

-- Command side -------------------------------------------------------------------------------------------------------

-- Merchants' third-party secrets (Stripe signing secret, Stripe API key), AES-256-GCM sealed with LEDGER_SECRETS_KEY.
-- Never in the event store (which only records "set, ending in …"), never in a read model.
CREATE TABLE merchant_secret (
    merchant_id VARCHAR(40)  NOT NULL,
    name        VARCHAR(40)  NOT NULL,
    sealed      TEXT         NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (merchant_id, name)
);

-- Stripe events already handled, by Stripe event id, and what each did (redeliveries answer from here).
CREATE TABLE stripe_event (
    merchant_id    VARCHAR(40)   NOT NULL,
    event_id       VARCHAR(255)  NOT NULL,
    type           VARCHAR(100)  NOT NULL,
    stripe_created TIMESTAMPTZ   NOT NULL,
    outcome        VARCHAR(1000) NOT NULL,
    received_at    TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (merchant_id, event_id)
);

-- Stripe customer → affiliate: from the customer's affiliate_id metadata (newest Stripe event wins) or its first
-- attributed checkout/sale. Attributes every later invoice.paid of the customer (renewals).
CREATE TABLE stripe_customer (
    merchant_id  VARCHAR(40)  NOT NULL,
    customer_id  VARCHAR(255) NOT NULL,
    affiliate_id VARCHAR(40)  NOT NULL,
    source       VARCHAR(40)  NOT NULL,   -- customer_metadata | checkout | first_sale
    learned_at   TIMESTAMPTZ  NOT NULL,   -- the Stripe event's time
    updated_at   TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (merchant_id, customer_id)
);

-- Payment intent ↔ Checkout Session: the session's attribution (when only the session carries metadata), and an
-- unattributed sale of that payment intent waiting for it (Stripe does not order its notices).
CREATE TABLE stripe_checkout (
    merchant_id          VARCHAR(40)  NOT NULL,
    payment_intent_id    VARCHAR(255) NOT NULL,
    affiliate_id         VARCHAR(40),
    affiliate_session_id VARCHAR(255),
    charge_id            VARCHAR(255),
    invoice_id           VARCHAR(255),
    customer_id          VARCHAR(255),
    amount_cents         BIGINT,
    currency             VARCHAR(3),
    updated_at           TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (merchant_id, payment_intent_id)
);

-- Invoice → its payment (charge / payment intent), from invoice_payment.paid: from API version 2025-03-31 on, an
-- invoice no longer names its charge, and refunds and disputes name only the charge and payment intent.
CREATE TABLE stripe_invoice_payment (
    merchant_id       VARCHAR(40)  NOT NULL,
    invoice_id        VARCHAR(255) NOT NULL,
    charge_id         VARCHAR(255),
    payment_intent_id VARCHAR(255),
    updated_at        TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (merchant_id, invoice_id)
);

-- db-scheduler's table (persistent deadlines of the commission lifecycle saga), as db-scheduler documents it.
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time ON scheduled_tasks (priority DESC, execution_time ASC);

-- Read models --------------------------------------------------------------------------------------------------------

ALTER TABLE program ADD COLUMN hold_days INTEGER NOT NULL DEFAULT 30;
ALTER TABLE program ADD COLUMN stripe_webhook_secret_last4 VARCHAR(4);
ALTER TABLE program ADD COLUMN stripe_api_key_last4 VARCHAR(4);

ALTER TABLE commissions ADD COLUMN kind VARCHAR(20) NOT NULL DEFAULT 'commission';
ALTER TABLE commissions ADD COLUMN clawback_of VARCHAR(40);
ALTER TABLE commissions ADD COLUMN original_amount_cents BIGINT;
ALTER TABLE commissions ADD COLUMN paid_reference VARCHAR(255);
ALTER TABLE commissions ADD COLUMN approvable_at TIMESTAMPTZ;
CREATE INDEX commissions_merchant_kind ON commissions (merchant_id, kind, id DESC);

ALTER TABLE conversions ADD COLUMN refunded_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE conversions ADD COLUMN dispute_status VARCHAR(20);
ALTER TABLE conversions ADD COLUMN affiliate_session_id VARCHAR(255);
