-- Rate limits as fixed one-minute windows counted by one statement per request (RateLimitWindows), replacing
-- Bucket4j's token buckets (a SELECT ... FOR UPDATE transaction of 3 round trips per request). One row per key,
-- request class (read/write) and limit: a changed limit starts a fresh window, as before.
-- window_start is epoch milliseconds by the clock of the node that opened the window; used counts the requests of
-- that window, capped at per_minute + 1 (a refused request spends nothing).
-- UNLOGGED and fillfactor 50 as before: every API request updates a row here, without a WAL flush, and the update
-- touches no indexed column, so it stays HOT. A PostgreSQL crash or failover empties the table: every key then starts
-- a fresh window, harmless for rate limits.
CREATE UNLOGGED TABLE rate_limit_windows (
    key_id        VARCHAR(64) NOT NULL,
    request_class VARCHAR(5)  NOT NULL,
    per_minute    INTEGER     NOT NULL,
    window_start  BIGINT      NOT NULL,
    used          INTEGER     NOT NULL,
    PRIMARY KEY (key_id, request_class, per_minute)
) WITH (fillfactor = 50);

DROP TABLE rate_limit_buckets;
