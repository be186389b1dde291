-- Every redirect's INSERT into click_session added one to its merchant's single row of the day in click_day_totals
-- (V148), and held that row's lock until its commit was flushed: concurrent redirects of a program queued on the row
-- and committed one flush at a time. pgbench with the same table and trigger, 32 clients of autocommitted inserts:
-- 2,000 inserts/s with the one row per day, 6,700-7,000 with a row per session shard, 8,600-9,400 with no totals.
-- Each database session now adds to its own shard of the day (its backend pid modulo 32), so two redirects only queue
-- when their connections share a shard; the readers already sum every row of a day.
ALTER TABLE click_day_totals ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE click_day_totals DROP CONSTRAINT click_day_totals_pkey;
ALTER TABLE click_day_totals ADD PRIMARY KEY (merchant_id, day, shard);
ALTER TABLE click_day_totals ALTER COLUMN shard DROP DEFAULT;

-- An update or a delete (tests make them; the ledger never does) takes its rows off this session's shard: a shard may
-- go below zero while the day's sum stays right. Rows left at zero are removed, as before.
CREATE OR REPLACE FUNCTION click_day_totals_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    own_shard CONSTANT SMALLINT := pg_backend_pid() % 32;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO click_day_totals AS t (merchant_id, day, shard, clicks)
        SELECT merchant_id, (created_at AT TIME ZONE 'UTC')::date, own_shard, -COUNT(*) FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (merchant_id, day, shard) DO UPDATE SET clicks = t.clicks + EXCLUDED.clicks;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO click_day_totals AS t (merchant_id, day, shard, clicks)
        SELECT merchant_id, (created_at AT TIME ZONE 'UTC')::date, own_shard, COUNT(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (merchant_id, day, shard) DO UPDATE SET clicks = t.clicks + EXCLUDED.clicks;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM click_day_totals t USING old_rows o
        WHERE t.merchant_id = o.merchant_id AND t.day = (o.created_at AT TIME ZONE 'UTC')::date AND t.shard = own_shard
          AND t.clicks = 0;
    END IF;
    RETURN NULL;
END
$$;
