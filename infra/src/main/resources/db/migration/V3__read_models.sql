-- Read models. Each is owned by one projector, carries merchant_id, and can be rebuilt from the event store.

CREATE TABLE program (
    merchant_id  VARCHAR(40)  NOT NULL PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    default_rate VARCHAR(20)  NOT NULL,
    currency     CHAR(3)      NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL
);

CREATE TABLE affiliates (
    id                  VARCHAR(40)  NOT NULL PRIMARY KEY,
    merchant_id         VARCHAR(40)  NOT NULL,
    name                VARCHAR(200) NOT NULL,
    email               VARCHAR(254) NOT NULL,
    short_code          VARCHAR(64)  NOT NULL,
    status              VARCHAR(20)  NOT NULL,
    commission_override VARCHAR(20),
    created_at          TIMESTAMPTZ  NOT NULL,
    activated_at        TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ  NOT NULL
);
CREATE INDEX affiliates_merchant ON affiliates (merchant_id, id DESC);
CREATE INDEX affiliates_merchant_status ON affiliates (merchant_id, status, id DESC);

CREATE TABLE conversions (
    id               VARCHAR(40)  NOT NULL PRIMARY KEY,
    merchant_id      VARCHAR(40)  NOT NULL,
    affiliate_id     VARCHAR(40)  NOT NULL,
    source           VARCHAR(20)  NOT NULL,
    external_id      VARCHAR(255),
    amount_cents     BIGINT       NOT NULL,
    currency         CHAR(3)      NOT NULL,
    commission_id    VARCHAR(40)  NOT NULL,
    commission_rate  VARCHAR(20)  NOT NULL,
    commission_cents BIGINT       NOT NULL,
    status           VARCHAR(20)  NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX conversions_merchant ON conversions (merchant_id, id DESC);
CREATE INDEX conversions_merchant_affiliate ON conversions (merchant_id, affiliate_id, id DESC);
CREATE INDEX conversions_merchant_status ON conversions (merchant_id, status, id DESC);
CREATE INDEX conversions_commission ON conversions (commission_id);

CREATE TABLE commissions (
    id                VARCHAR(40)  NOT NULL PRIMARY KEY,
    merchant_id       VARCHAR(40)  NOT NULL,
    conversion_id     VARCHAR(40)  NOT NULL,
    affiliate_id      VARCHAR(40)  NOT NULL,
    tier              INTEGER      NOT NULL,
    base_amount_cents BIGINT       NOT NULL,
    rate              VARCHAR(20)  NOT NULL,
    amount_cents      BIGINT       NOT NULL,
    currency          CHAR(3)      NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    status_reason     VARCHAR(500),
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);
CREATE INDEX commissions_merchant ON commissions (merchant_id, id DESC);
CREATE INDEX commissions_merchant_affiliate ON commissions (merchant_id, affiliate_id, id DESC);
CREATE INDEX commissions_merchant_status ON commissions (merchant_id, status, id DESC);
CREATE INDEX commissions_merchant_conversion ON commissions (merchant_id, conversion_id, id DESC);
