-- Per-key rate limits (null = server default), last use, and the per-key audit log.
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS read_per_minute INTEGER;
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS write_per_minute INTEGER;
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMPTZ;
ALTER TABLE api_keys ADD COLUMN issued_by VARCHAR(40);

CREATE TABLE api_key_audit (
    id             BIGSERIAL    NOT NULL PRIMARY KEY,
    merchant_id    VARCHAR(40)  NOT NULL,
    key_id         VARCHAR(40)  NOT NULL,
    at             TIMESTAMPTZ  NOT NULL,
    action         VARCHAR(20)  NOT NULL,  -- request | issued | revoked | limits_changed
    method         VARCHAR(10),
    path           VARCHAR(500),
    status         INTEGER,
    client_address VARCHAR(64),
    actor          VARCHAR(40)             -- who issued/revoked/changed the key
);
CREATE INDEX api_key_audit_key ON api_key_audit (key_id, id DESC);

SELECT protect_read_model('api_keys');
SELECT protect_read_model('api_key_audit');

-- Idempotency-Key: the first response to (API key, Idempotency-Key) is kept 24 hours and replayed.
CREATE TABLE idempotency_keys (
    key_id          VARCHAR(40)  NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    CHAR(64)     NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    locked_until    TIMESTAMPTZ,            -- set while the first request runs
    status          INTEGER,
    content_type    VARCHAR(100),
    location        VARCHAR(500),
    body            BYTEA,
    PRIMARY KEY (key_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
