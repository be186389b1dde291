-- The dashboard overview without reading every row (issue 15 speed: /ui grouped all of a merchant's conversions,
-- commissions and clicks on every view, 3.7 s p95 at 1,000,000 conversions).
--
-- Per merchant, currency and UTC day of creation: conversions (count, amount, amount refunded), commissions (amount),
-- clicks (count); and per merchant, currency and affiliate: conversions (count, revenue net of refunds) and the
-- commissions still standing (neither rejected nor voided), for the top affiliates. They hold the rows' current values,
-- which is what the overview's series and top affiliates show (query/overview/OverviewQueries); an instant "at" reads the
-- whole days before it here and the rows of its own day (its edge) from the tables by the (merchant_id, created_at)
-- indexes below, and the top affiliates subtract the rows created after it. The revenue of a past view's totals is
-- net of the refunds made by then (conversion_refunds), so it sums the amounts here, not the current refunds.
--
-- Maintained by the database in the statements that write the rows (statement-level triggers over the rows each one
-- inserted, updated or deleted), so they commit with them in the projectors' batches, and a rebuild or the bench's
-- loader fills them too; the projectors' resets truncate them with their tables. An update that changes none of the
-- summed values (a status change of a conversion) writes nothing here. Rows are written in key order, so two writers
-- lock the rows they share in the same order.
CREATE TABLE conversion_day_totals (
    merchant_id    VARCHAR(40) NOT NULL,
    currency       CHAR(3)     NOT NULL,
    day            DATE        NOT NULL,
    conversions    BIGINT      NOT NULL,
    amount_cents   BIGINT      NOT NULL,
    refunded_cents BIGINT      NOT NULL,
    PRIMARY KEY (merchant_id, currency, day)
);
SELECT protect_read_model('conversion_day_totals');

CREATE TABLE affiliate_conversion_totals (
    merchant_id   VARCHAR(40) NOT NULL,
    currency      CHAR(3)     NOT NULL,
    affiliate_id  VARCHAR(40) NOT NULL,
    conversions   BIGINT      NOT NULL,
    revenue_cents BIGINT      NOT NULL,
    PRIMARY KEY (merchant_id, currency, affiliate_id)
);
SELECT protect_read_model('affiliate_conversion_totals');

CREATE TABLE commission_day_totals (
    merchant_id  VARCHAR(40) NOT NULL,
    currency     CHAR(3)     NOT NULL,
    day          DATE        NOT NULL,
    commissions  BIGINT      NOT NULL,
    amount_cents BIGINT      NOT NULL,
    PRIMARY KEY (merchant_id, currency, day)
);
SELECT protect_read_model('commission_day_totals');

CREATE TABLE affiliate_commission_totals (
    merchant_id    VARCHAR(40) NOT NULL,
    currency       CHAR(3)     NOT NULL,
    affiliate_id   VARCHAR(40) NOT NULL,
    commissions    BIGINT      NOT NULL,
    standing_cents BIGINT      NOT NULL,
    PRIMARY KEY (merchant_id, currency, affiliate_id)
);
SELECT protect_read_model('affiliate_commission_totals');

CREATE TABLE click_day_totals (
    merchant_id VARCHAR(40) NOT NULL,
    day         DATE        NOT NULL,
    clicks      BIGINT      NOT NULL,
    PRIMARY KEY (merchant_id, day)
);
SELECT protect_read_model('click_day_totals');

-- conversions ------------------------------------------------------------------------------------------------------
-- The rows a statement added count +1, those it removed −1 (an update both); the triggers hand them over as one array.
CREATE TYPE conversion_totals_delta AS (sign INTEGER, merchant_id VARCHAR(40), currency CHAR(3), affiliate_id VARCHAR(40),
                                        created_at TIMESTAMPTZ, amount_cents BIGINT, refunded_cents BIGINT);

CREATE FUNCTION conversion_totals_apply(deltas conversion_totals_delta[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO conversion_day_totals AS t (merchant_id, currency, day, conversions, amount_cents, refunded_cents)
    SELECT merchant_id, currency, (created_at AT TIME ZONE 'UTC')::date, SUM(sign), SUM(sign * amount_cents),
           SUM(sign * refunded_cents)
    FROM unnest(deltas) GROUP BY 1, 2, 3
    HAVING SUM(sign) <> 0 OR SUM(sign * amount_cents) <> 0 OR SUM(sign * refunded_cents) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (merchant_id, currency, day) DO UPDATE SET conversions = t.conversions + EXCLUDED.conversions,
        amount_cents = t.amount_cents + EXCLUDED.amount_cents, refunded_cents = t.refunded_cents + EXCLUDED.refunded_cents;

    INSERT INTO affiliate_conversion_totals AS t (merchant_id, currency, affiliate_id, conversions, revenue_cents)
    SELECT merchant_id, currency, affiliate_id, SUM(sign), SUM(sign * (amount_cents - refunded_cents))
    FROM unnest(deltas) GROUP BY 1, 2, 3
    HAVING SUM(sign) <> 0 OR SUM(sign * (amount_cents - refunded_cents)) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (merchant_id, currency, affiliate_id) DO UPDATE SET conversions = t.conversions + EXCLUDED.conversions,
        revenue_cents = t.revenue_cents + EXCLUDED.revenue_cents;

    -- a day or an affiliate left with no row has no row here either (as a rebuild would leave it)
    IF EXISTS (SELECT 1 FROM unnest(deltas) WHERE sign < 0) THEN
        DELETE FROM conversion_day_totals t USING unnest(deltas) d
        WHERE d.sign < 0 AND t.merchant_id = d.merchant_id AND t.currency = d.currency
          AND t.day = (d.created_at AT TIME ZONE 'UTC')::date AND t.conversions = 0;
        DELETE FROM affiliate_conversion_totals t USING unnest(deltas) d
        WHERE d.sign < 0 AND t.merchant_id = d.merchant_id AND t.currency = d.currency
          AND t.affiliate_id = d.affiliate_id AND t.conversions = 0;
    END IF;
END
$$;

CREATE FUNCTION conversion_totals_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM conversion_totals_apply(ARRAY(
            SELECT ROW(1, merchant_id, currency, affiliate_id, created_at, amount_cents, refunded_cents)::conversion_totals_delta
            FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM conversion_totals_apply(ARRAY(
            SELECT ROW(1, merchant_id, currency, affiliate_id, created_at, amount_cents, refunded_cents)::conversion_totals_delta
            FROM new_rows
            UNION ALL
            SELECT ROW(-1, merchant_id, currency, affiliate_id, created_at, amount_cents, refunded_cents)::conversion_totals_delta
            FROM old_rows));
    ELSE
        PERFORM conversion_totals_apply(ARRAY(
            SELECT ROW(-1, merchant_id, currency, affiliate_id, created_at, amount_cents, refunded_cents)::conversion_totals_delta
            FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER conversions_totals_insert AFTER INSERT ON conversions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversion_totals_change();
CREATE TRIGGER conversions_totals_update AFTER UPDATE ON conversions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversion_totals_change();
CREATE TRIGGER conversions_totals_delete AFTER DELETE ON conversions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION conversion_totals_change();

-- commissions ------------------------------------------------------------------------------------------------------
CREATE TYPE commission_totals_delta AS (sign INTEGER, merchant_id VARCHAR(40), currency CHAR(3), affiliate_id VARCHAR(40),
                                        created_at TIMESTAMPTZ, amount_cents BIGINT, status VARCHAR(20));

CREATE FUNCTION commission_totals_apply(deltas commission_totals_delta[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO commission_day_totals AS t (merchant_id, currency, day, commissions, amount_cents)
    SELECT merchant_id, currency, (created_at AT TIME ZONE 'UTC')::date, SUM(sign), SUM(sign * amount_cents)
    FROM unnest(deltas) GROUP BY 1, 2, 3
    HAVING SUM(sign) <> 0 OR SUM(sign * amount_cents) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (merchant_id, currency, day) DO UPDATE SET commissions = t.commissions + EXCLUDED.commissions,
        amount_cents = t.amount_cents + EXCLUDED.amount_cents;

    -- standing: neither rejected nor voided (what the top affiliates show as earned)
    INSERT INTO affiliate_commission_totals AS t (merchant_id, currency, affiliate_id, commissions, standing_cents)
    SELECT merchant_id, currency, affiliate_id, SUM(sign),
           SUM(CASE WHEN status NOT IN ('rejected', 'voided') THEN sign * amount_cents ELSE 0 END)
    FROM unnest(deltas) GROUP BY 1, 2, 3
    HAVING SUM(sign) <> 0 OR SUM(CASE WHEN status NOT IN ('rejected', 'voided') THEN sign * amount_cents ELSE 0 END) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (merchant_id, currency, affiliate_id) DO UPDATE SET commissions = t.commissions + EXCLUDED.commissions,
        standing_cents = t.standing_cents + EXCLUDED.standing_cents;

    IF EXISTS (SELECT 1 FROM unnest(deltas) WHERE sign < 0) THEN
        DELETE FROM commission_day_totals t USING unnest(deltas) d
        WHERE d.sign < 0 AND t.merchant_id = d.merchant_id AND t.currency = d.currency
          AND t.day = (d.created_at AT TIME ZONE 'UTC')::date AND t.commissions = 0;
        DELETE FROM affiliate_commission_totals t USING unnest(deltas) d
        WHERE d.sign < 0 AND t.merchant_id = d.merchant_id AND t.currency = d.currency
          AND t.affiliate_id = d.affiliate_id AND t.commissions = 0;
    END IF;
END
$$;

CREATE FUNCTION commission_totals_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM commission_totals_apply(ARRAY(
            SELECT ROW(1, merchant_id, currency, affiliate_id, created_at, amount_cents, status)::commission_totals_delta
            FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM commission_totals_apply(ARRAY(
            SELECT ROW(1, merchant_id, currency, affiliate_id, created_at, amount_cents, status)::commission_totals_delta
            FROM new_rows
            UNION ALL
            SELECT ROW(-1, merchant_id, currency, affiliate_id, created_at, amount_cents, status)::commission_totals_delta
            FROM old_rows));
    ELSE
        PERFORM commission_totals_apply(ARRAY(
            SELECT ROW(-1, merchant_id, currency, affiliate_id, created_at, amount_cents, status)::commission_totals_delta
            FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER commissions_totals_insert AFTER INSERT ON commissions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION commission_totals_change();
CREATE TRIGGER commissions_totals_update AFTER UPDATE ON commissions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION commission_totals_change();
CREATE TRIGGER commissions_totals_delete AFTER DELETE ON commissions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION commission_totals_change();

-- clicks (append-only: written once by the redirect; an update or a delete, as tests make, is followed too) ----------
CREATE FUNCTION click_day_totals_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO click_day_totals AS t (merchant_id, day, clicks)
        SELECT merchant_id, (created_at AT TIME ZONE 'UTC')::date, -COUNT(*) FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (merchant_id, day) DO UPDATE SET clicks = t.clicks + EXCLUDED.clicks;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO click_day_totals AS t (merchant_id, day, clicks)
        SELECT merchant_id, (created_at AT TIME ZONE 'UTC')::date, COUNT(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (merchant_id, day) DO UPDATE SET clicks = t.clicks + EXCLUDED.clicks;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM click_day_totals t USING old_rows o
        WHERE t.merchant_id = o.merchant_id AND t.day = (o.created_at AT TIME ZONE 'UTC')::date AND t.clicks = 0;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER click_session_totals_insert AFTER INSERT ON click_session
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION click_day_totals_change();
CREATE TRIGGER click_session_totals_update AFTER UPDATE ON click_session
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION click_day_totals_change();
CREATE TRIGGER click_session_totals_delete AFTER DELETE ON click_session
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION click_day_totals_change();

-- Rows already there (a database upgraded in place) are summed once here.
INSERT INTO conversion_day_totals
SELECT merchant_id, currency, (created_at AT TIME ZONE 'UTC')::date, COUNT(*), SUM(amount_cents), SUM(refunded_cents)
FROM conversions GROUP BY 1, 2, 3;
INSERT INTO affiliate_conversion_totals
SELECT merchant_id, currency, affiliate_id, COUNT(*), SUM(amount_cents - refunded_cents) FROM conversions GROUP BY 1, 2, 3;
INSERT INTO commission_day_totals
SELECT merchant_id, currency, (created_at AT TIME ZONE 'UTC')::date, COUNT(*), SUM(amount_cents) FROM commissions GROUP BY 1, 2, 3;
INSERT INTO affiliate_commission_totals
SELECT merchant_id, currency, affiliate_id, COUNT(*), SUM(CASE WHEN status NOT IN ('rejected', 'voided') THEN amount_cents ELSE 0 END)
FROM commissions GROUP BY 1, 2, 3;
INSERT INTO click_day_totals
SELECT merchant_id, (created_at AT TIME ZONE 'UTC')::date, COUNT(*) FROM click_session GROUP BY 1, 2;

-- The edge day of an instant, and the rows created after it (top affiliates of a past view).
CREATE INDEX conversions_merchant_created ON conversions (merchant_id, created_at);
CREATE INDEX commissions_merchant_created ON commissions (merchant_id, created_at);
CREATE INDEX click_session_merchant_created ON click_session (merchant_id, created_at);
