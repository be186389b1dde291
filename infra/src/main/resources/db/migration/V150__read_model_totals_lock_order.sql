-- One lock order for the summary rows the read models' statement triggers keep (V147_2 balance_day_totals, V148's
-- day and affiliate totals).
--
-- The shared projections processor runs in segments, each a transaction per batch whose statements go in the order of
-- its events: a conversions insert, a commissions insert, balance entries, another conversions statement, ... Each
-- statement's trigger upserts the totals rows it touches in key order, but a batch's next statement locks more of them
-- (today's commission row after today's conversion row, then yesterday's, ...), and the other segment's batch takes
-- the same rows in its own event order. Rows shared by every writer (a merchant's day) made that a deadlock: PostgreSQL
-- aborted one batch, Axon retried it a second later, and the read models lagged by seconds (the 2026-12-07 full run:
-- projection lag p99 4,033 ms, a read of a new id past the 2 s read wait answered 404).
--
-- So a statement on a table that feeds totals first takes one transaction-scoped advisory lock: the first such
-- statement of a batch waits until the other segment's batch that holds it commits, and from then on this batch takes
-- its totals rows alone. No deadlock remains between totals rows; the wait is the one the shared day rows already
-- imposed (both segments add to today's row of a merchant). Click redirects (click_session) take no part: each is a
-- transaction of one statement on the request path, which cannot hold one totals row while waiting for another.
CREATE FUNCTION read_model_totals_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(128022042733683); -- 0x746F74616C73, "totals"
    RETURN NULL;
END
$$;

CREATE TRIGGER conversions_totals_lock BEFORE INSERT OR UPDATE OR DELETE ON conversions
    FOR EACH STATEMENT EXECUTE FUNCTION read_model_totals_lock();
CREATE TRIGGER commissions_totals_lock BEFORE INSERT OR UPDATE OR DELETE ON commissions
    FOR EACH STATEMENT EXECUTE FUNCTION read_model_totals_lock();
CREATE TRIGGER balance_entries_totals_lock BEFORE INSERT ON balance_entries
    FOR EACH STATEMENT EXECUTE FUNCTION read_model_totals_lock();
