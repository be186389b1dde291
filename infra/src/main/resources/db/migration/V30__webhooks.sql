-- Outbound Standard Webhooks: endpoints, their sealed signing secrets, the outbox of messages and per-endpoint
-- deliveries (claimed by the delivery workers with FOR UPDATE SKIP LOCKED), and the log of every attempt.

CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,
    merchant_id     TEXT NOT NULL,
    url             TEXT NOT NULL,
    description     TEXT,
    event_types     TEXT[] NOT NULL DEFAULT '{}',   -- empty = every type
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    disabled_reason TEXT,
    disabled_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    deleted_at      TIMESTAMPTZ
);
CREATE INDEX webhook_endpoints_merchant ON webhook_endpoints (merchant_id) WHERE deleted_at IS NULL;
SELECT protect_read_model('webhook_endpoints');

-- AES-256-GCM sealed "whsec_..." secrets (SecretsCipher, as for Stripe secrets). Never granted to ledger_reader.
-- During a rotation the old secret keeps signing until expires_at.
CREATE TABLE webhook_endpoint_secrets (
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id),
    seq         INT NOT NULL,
    merchant_id TEXT NOT NULL,
    sealed      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ,
    PRIMARY KEY (endpoint_id, seq)
);

-- One message per public domain event; its id is derived from the event id, so a replayed event never makes a second one.
CREATE TABLE webhook_messages (
    id          TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    type        TEXT NOT NULL,
    payload     TEXT NOT NULL,   -- the exact signed body
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_messages_merchant ON webhook_messages (merchant_id, id DESC);
SELECT protect_read_model('webhook_messages');

CREATE TABLE webhook_deliveries (
    message_id        TEXT NOT NULL REFERENCES webhook_messages (id),
    endpoint_id       TEXT NOT NULL REFERENCES webhook_endpoints (id),
    merchant_id       TEXT NOT NULL,
    status            TEXT NOT NULL,                -- pending | delivered | failed | parked
    attempts          INT NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ,
    last_attempt_at   TIMESTAMPTZ,
    last_status_code  INT,
    last_error        TEXT,
    lease_owner       TEXT,
    lease_until       TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (message_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, status);
SELECT protect_read_model('webhook_deliveries');

CREATE TABLE webhook_attempts (
    id           BIGSERIAL PRIMARY KEY,
    message_id   TEXT NOT NULL,
    endpoint_id  TEXT NOT NULL,
    merchant_id  TEXT NOT NULL,
    attempt      INT NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL,
    status_code  INT,
    duration_ms  BIGINT NOT NULL,
    response     TEXT,            -- the first 16 KiB of the body
    error        TEXT
);
CREATE INDEX webhook_attempts_message ON webhook_attempts (message_id, id);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (endpoint_id, attempted_at DESC);
SELECT protect_read_model('webhook_attempts');
