-- Set-based rules of the command side (unique email / short code / external id per merchant).
-- Written in the same transaction as the events they guard.
CREATE TABLE unique_claim (
    merchant_id VARCHAR(40)  NOT NULL,
    kind        VARCHAR(40)  NOT NULL,
    value       VARCHAR(300) NOT NULL,
    owner_id    VARCHAR(40)  NOT NULL,
    PRIMARY KEY (merchant_id, kind, value)
);

-- API keys for authentication: maintained in the issuing transaction, so a key works (and a revocation
-- takes effect) on every node as soon as the request that made it returns.
CREATE TABLE api_keys (
    id           VARCHAR(40)  NOT NULL PRIMARY KEY,
    merchant_id  VARCHAR(40)  NOT NULL,
    name         VARCHAR(200) NOT NULL,
    prefix       VARCHAR(20)  NOT NULL,
    secret_hash  CHAR(64)     NOT NULL UNIQUE,
    scopes       VARCHAR(100) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_keys_merchant ON api_keys (merchant_id, id);
