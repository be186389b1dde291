-- The conversions and commissions totals (V148) per writer: each segment of the processor that projects the rows adds
-- to its own shard of a day's or an affiliate's totals, so the segments no longer take turns on shared rows.
--
-- V150 made the segments' batches take one advisory lock before they wrote totals, which ended their deadlocks but
-- serialised them: one segment's batch waited for the other's commit whenever both wrote totals, which is nearly every
-- batch (quick bench, pg_stat_activity during a rebuild: the segments waited on that lock; without the lock the same
-- run deadlocked and retried: rebuild 8,042 -> 5,552 events/s, projection lag p99 805 -> 3,121 ms). Two writers
-- with different shards share no totals row, so neither lock nor deadlock remains between them.
--
-- The shard is the setting ledger.totals_shard, which the projections set to their segment id at the start of each
-- batch's writes (query/support/ProjectionWriter). Two segments of one processor never run at the same time with the
-- same id, and the conversions totals and the commissions totals each have one processor writing them. A statement
-- run without the setting (the bench's bulk loader, a test, an operator's psql, and the batches of pooled processors,
-- LEDGER_PROCESSOR_TYPE=pooled, which keep no segment id in their unit of work) writes shard -1 and still takes V150's
-- lock, so such writers stay in one order among themselves. Two nodes can only both write one segment's shard while a
-- claim moves between them; should they deadlock there, PostgreSQL aborts one batch and Axon retries it.
--
-- Readers sum the shards (query/overview/OverviewQueries, the read-model checksums). A shard may go below zero where an
-- update's rows were first written by another shard; the sums stay right. A shard's row is removed once every value
-- it holds is zero.
ALTER TABLE conversion_day_totals ADD COLUMN shard INTEGER NOT NULL DEFAULT -1;
ALTER TABLE conversion_day_totals DROP CONSTRAINT conversion_day_totals_pkey;
ALTER TABLE conversion_day_totals ADD PRIMARY KEY (merchant_id, currency, day, shard);
ALTER TABLE conversion_day_totals ALTER COLUMN shard DROP DEFAULT;

ALTER TABLE affiliate_conversion_totals ADD COLUMN shard INTEGER NOT NULL DEFAULT -1;
ALTER TABLE affiliate_conversion_totals DROP CONSTRAINT affiliate_conversion_totals_pkey;
ALTER TABLE affiliate_conversion_totals ADD PRIMARY KEY (merchant_id, currency, affiliate_id, shard);
ALTER TABLE affiliate_conversion_totals ALTER COLUMN shard DROP DEFAULT;

ALTER TABLE commission_day_totals ADD COLUMN shard INTEGER NOT NULL DEFAULT -1;
ALTER TABLE commission_day_totals DROP CONSTRAINT commission_day_totals_pkey;
ALTER TABLE commission_day_totals ADD PRIMARY KEY (merchant_id, currency, day, shard);
ALTER TABLE commission_day_totals ALTER COLUMN shard DROP DEFAULT;

ALTER TABLE affiliate_commission_totals ADD COLUMN shard INTEGER NOT NULL DEFAULT -1;
ALTER TABLE affiliate_commission_totals DROP CONSTRAINT affiliate_commission_totals_pkey;
ALTER TABLE affiliate_commission_totals ADD PRIMARY KEY (merchant_id, currency, affiliate_id, shard);
ALTER TABLE affiliate_commission_totals ALTER COLUMN shard DROP DEFAULT;

-- this transaction's shard: its segment's, or -1 when no projection batch set one
CREATE FUNCTION read_model_totals_shard() RETURNS INTEGER LANGUAGE sql STABLE AS $$
    SELECT COALESCE(NULLIF(current_setting('ledger.totals_shard', true), '')::INTEGER, -1);
$$;

-- V150's lock, now only for writers without a shard of their own
CREATE OR REPLACE FUNCTION read_model_totals_lock() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF read_model_totals_shard() = -1 THEN
        PERFORM pg_advisory_xact_lock(128022042733683); -- 0x746F74616C73, "totals"
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION conversion_totals_apply(deltas conversion_totals_delta[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    own_shard CONSTANT INTEGER := read_model_totals_shard();
BEGIN
    INSERT INTO conversion_day_totals AS t (merchant_id, currency, day, shard, conversions, amount_cents, refunded_cents)
    SELECT merchant_id, currency, (created_at AT TIME ZONE 'UTC')::date, own_shard, SUM(sign), SUM(sign * amount_cents),
           SUM(sign * refunded_cents)
    FROM unnest(deltas) GROUP BY 1, 2, 3
    HAVING SUM(sign) <> 0 OR SUM(sign * amount_cents) <> 0 OR SUM(sign * refunded_cents) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (merchant_id, currency, day, shard) DO UPDATE SET conversions = t.conversions + EXCLUDED.conversions,
        amount_cents = t.amount_cents + EXCLUDED.amount_cents, refunded_cents = t.refunded_cents + EXCLUDED.refunded_cents;

    INSERT INTO affiliate_conversion_totals AS t (merchant_id, currency, affiliate_id, shard, conversions, revenue_cents)
    SELECT merchant_id, currency, affiliate_id, own_shard, SUM(sign), SUM(sign * (amount_cents - refunded_cents))
    FROM unnest(deltas) GROUP BY 1, 2, 3
    HAVING SUM(sign) <> 0 OR SUM(sign * (amount_cents - refunded_cents)) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (merchant_id, currency, affiliate_id, shard) DO UPDATE SET conversions = t.conversions + EXCLUDED.conversions,
        revenue_cents = t.revenue_cents + EXCLUDED.revenue_cents;

    -- a shard's row that holds nothing any more goes (a day or an affiliate left with no row has none, as a rebuild
    -- would leave it); a count of zero alone is not enough: another shard may hold the rows this one's amounts offset
    IF EXISTS (SELECT 1 FROM unnest(deltas) WHERE sign < 0) THEN
        DELETE FROM conversion_day_totals t USING unnest(deltas) d
        WHERE d.sign < 0 AND t.merchant_id = d.merchant_id AND t.currency = d.currency
          AND t.day = (d.created_at AT TIME ZONE 'UTC')::date AND t.shard = own_shard
          AND t.conversions = 0 AND t.amount_cents = 0 AND t.refunded_cents = 0;
        DELETE FROM affiliate_conversion_totals t USING unnest(deltas) d
        WHERE d.sign < 0 AND t.merchant_id = d.merchant_id AND t.currency = d.currency
          AND t.affiliate_id = d.affiliate_id AND t.shard = own_shard AND t.conversions = 0 AND t.revenue_cents = 0;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION commission_totals_apply(deltas commission_totals_delta[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    own_shard CONSTANT INTEGER := read_model_totals_shard();
BEGIN
    INSERT INTO commission_day_totals AS t (merchant_id, currency, day, shard, commissions, amount_cents)
    SELECT merchant_id, currency, (created_at AT TIME ZONE 'UTC')::date, own_shard, SUM(sign), SUM(sign * amount_cents)
    FROM unnest(deltas) GROUP BY 1, 2, 3
    HAVING SUM(sign) <> 0 OR SUM(sign * amount_cents) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (merchant_id, currency, day, shard) DO UPDATE SET commissions = t.commissions + EXCLUDED.commissions,
        amount_cents = t.amount_cents + EXCLUDED.amount_cents;

    -- standing: neither rejected nor voided (what the top affiliates show as earned)
    INSERT INTO affiliate_commission_totals AS t (merchant_id, currency, affiliate_id, shard, commissions, standing_cents)
    SELECT merchant_id, currency, affiliate_id, own_shard, SUM(sign),
           SUM(CASE WHEN status NOT IN ('rejected', 'voided') THEN sign * amount_cents ELSE 0 END)
    FROM unnest(deltas) GROUP BY 1, 2, 3
    HAVING SUM(sign) <> 0 OR SUM(CASE WHEN status NOT IN ('rejected', 'voided') THEN sign * amount_cents ELSE 0 END) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (merchant_id, currency, affiliate_id, shard) DO UPDATE SET commissions = t.commissions + EXCLUDED.commissions,
        standing_cents = t.standing_cents + EXCLUDED.standing_cents;

    IF EXISTS (SELECT 1 FROM unnest(deltas) WHERE sign < 0) THEN
        DELETE FROM commission_day_totals t USING unnest(deltas) d
        WHERE d.sign < 0 AND t.merchant_id = d.merchant_id AND t.currency = d.currency
          AND t.day = (d.created_at AT TIME ZONE 'UTC')::date AND t.shard = own_shard
          AND t.commissions = 0 AND t.amount_cents = 0;
        DELETE FROM affiliate_commission_totals t USING unnest(deltas) d
        WHERE d.sign < 0 AND t.merchant_id = d.merchant_id AND t.currency = d.currency
          AND t.affiliate_id = d.affiliate_id AND t.shard = own_shard AND t.commissions = 0 AND t.standing_cents = 0;
    END IF;
END
$$;
