-- Per-key rate limits: requests per minute for reads (GET, HEAD) and for writes (every other method).
-- NULL means the configured default (ledger.rate-limits.*).
-- (The columns themselves come with the keys API in V5.)
ALTER TABLE api_keys ADD CONSTRAINT api_keys_read_per_minute_positive CHECK (read_per_minute > 0);
ALTER TABLE api_keys ADD CONSTRAINT api_keys_write_per_minute_positive CHECK (write_per_minute > 0);

-- Bucket4j's token buckets (PostgreSQLSelectForUpdateBasedProxyManager), shared by every node: one row per key,
-- request class and limit, locked with SELECT ... FOR UPDATE while a request takes its token.
-- UNLOGGED: every API request updates a row here, and a logged table would make each of those a WAL flush
-- (measured: 2-3 times the cost per request, 4-9 times under contention on one key). The price is that a
-- PostgreSQL crash or a failover to a replica empties the table, so every key starts a fresh window: acceptable
-- for rate limits, which are not ledger data.
-- expires_at (epoch millis) is when the bucket is full again plus a minute; a full bucket behaves like a missing
-- one, so expired rows are deleted in the background. No index on it, and room left on each page: the per-request
-- update then stays a HOT update (no index maintenance).
CREATE UNLOGGED TABLE rate_limit_buckets (
    id         VARCHAR(100) NOT NULL PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
) WITH (fillfactor = 50);
