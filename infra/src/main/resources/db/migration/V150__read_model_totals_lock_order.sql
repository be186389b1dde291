-- One lock order for the summary rows that V148's statement triggers keep (day and affiliate totals of conversions and
-- commissions), and no totals work for updates that change no total.
--
-- The shared projections processor runs in segments, each a transaction per batch whose statements go in the order of
-- its events: a conversions insert, a commissions insert, balance entries, another conversions statement, ... Each
-- statement's trigger upserts the totals rows it touches in key order, but a batch's next statement locks more of them
-- (today's commission row after today's conversion row, then yesterday's, ...), and the other segment's batch takes
-- the same rows in its own event order. Rows shared by every writer (a merchant's day) made that a deadlock: PostgreSQL
-- aborted one batch, Axon retried it a second later, and the read models lagged by seconds (the 2026-12-07 full run:
-- projection lag p99 4,033 ms; a read of a new id past the 2 s read wait answered 404).
--
-- So a trigger that is about to write totals first takes one transaction-scoped advisory lock: the first such
-- statement of a batch waits until the other segment's batch holding it commits, and from then on this batch takes
-- its totals rows alone. No deadlock remains between totals rows; the wait is the one the shared day rows already
-- imposed (both segments add to today's row of a merchant). balance_day_totals (V147_2) needs none: its only writer is
-- the balances processor, one segment, so one batch at a time. Click redirects (click_session) take no part: each is a
-- transaction of one statement on the request path, which cannot hold one totals row while waiting for another.
--
-- An update that leaves every summed value as it was (a conversion's or commission's status moving between standing
-- statuses: most of the updates a rebuild replays) now returns before building its deltas: it neither takes the lock
-- nor runs the upserts.
CREATE FUNCTION read_model_totals_lock() RETURNS void LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(128022042733683); -- 0x746F74616C73, "totals"
$$;

CREATE OR REPLACE FUNCTION conversion_totals_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM read_model_totals_lock();
        PERFORM conversion_totals_apply(ARRAY(
            SELECT ROW(1, merchant_id, currency, affiliate_id, created_at, amount_cents, refunded_cents)::conversion_totals_delta
            FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        IF NOT EXISTS (SELECT merchant_id, currency, affiliate_id, created_at, amount_cents, refunded_cents FROM new_rows
                       EXCEPT ALL
                       SELECT merchant_id, currency, affiliate_id, created_at, amount_cents, refunded_cents FROM old_rows) THEN
            RETURN NULL;
        END IF;
        PERFORM read_model_totals_lock();
        PERFORM conversion_totals_apply(ARRAY(
            SELECT ROW(1, merchant_id, currency, affiliate_id, created_at, amount_cents, refunded_cents)::conversion_totals_delta
            FROM new_rows
            UNION ALL
            SELECT ROW(-1, merchant_id, currency, affiliate_id, created_at, amount_cents, refunded_cents)::conversion_totals_delta
            FROM old_rows));
    ELSE
        PERFORM read_model_totals_lock();
        PERFORM conversion_totals_apply(ARRAY(
            SELECT ROW(-1, merchant_id, currency, affiliate_id, created_at, amount_cents, refunded_cents)::conversion_totals_delta
            FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION commission_totals_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM read_model_totals_lock();
        PERFORM commission_totals_apply(ARRAY(
            SELECT ROW(1, merchant_id, currency, affiliate_id, created_at, amount_cents, status)::commission_totals_delta
            FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        -- the totals see a status only as standing or not (rejected, voided)
        IF NOT EXISTS (SELECT merchant_id, currency, affiliate_id, created_at, amount_cents,
                              status IN ('rejected', 'voided') FROM new_rows
                       EXCEPT ALL
                       SELECT merchant_id, currency, affiliate_id, created_at, amount_cents,
                              status IN ('rejected', 'voided') FROM old_rows) THEN
            RETURN NULL;
        END IF;
        PERFORM read_model_totals_lock();
        PERFORM commission_totals_apply(ARRAY(
            SELECT ROW(1, merchant_id, currency, affiliate_id, created_at, amount_cents, status)::commission_totals_delta
            FROM new_rows
            UNION ALL
            SELECT ROW(-1, merchant_id, currency, affiliate_id, created_at, amount_cents, status)::commission_totals_delta
            FROM old_rows));
    ELSE
        PERFORM read_model_totals_lock();
        PERFORM commission_totals_apply(ARRAY(
            SELECT ROW(-1, merchant_id, currency, affiliate_id, created_at, amount_cents, status)::commission_totals_delta
            FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;
