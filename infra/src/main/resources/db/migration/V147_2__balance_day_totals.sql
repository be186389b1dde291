-- Merchant totals without reading every balance entry (issue 14 figures, issue 15 speed: /ui and /ui/finance read
-- the program's totals on every view, which summed all of a merchant's balance_entries).

-- The balance entries summed per merchant, currency, UTC day of effect, UTC day of recording and kind of movement
-- (commission kind, from bucket, to bucket): the totals "as of" an instant "as known at" another are the buckets of
-- the whole days before both, plus the entries of the two edge days read from balance_entries by the indexes below
-- (query/finance/BalanceQueries#totals). The recorded day is a dimension (not only the effective day) so that a
-- known_at cut also reads days, never the merchant's whole history: a refund effective on the 30th and recorded on
-- the 2nd sits in its own (30th, 2nd) bucket and is left out of "as known on the 1st". Rows are few: one per day,
-- kind of movement and, for late news, day it arrived.
--
-- Maintained by the database in the statement that inserts the entries (a statement-level trigger over the rows it
-- actually inserted), so it commits with them in the balances projector's batch; an entry skipped by
-- ON CONFLICT DO NOTHING (a redelivered event) adds nothing, which keeps it idempotent; the bench's loader, which
-- writes balance_entries directly, fills it too; the projector's reset truncates it with the entries. Entries are
-- never updated or deleted (only truncated), so an insert trigger is all it takes.
CREATE TABLE balance_day_totals (
    merchant_id     VARCHAR(40) NOT NULL,
    currency        CHAR(3)     NOT NULL,
    effective_day   DATE        NOT NULL,
    recorded_day    DATE        NOT NULL,
    commission_kind VARCHAR(20) NOT NULL,
    from_bucket     VARCHAR(20) NOT NULL,
    to_bucket       VARCHAR(20) NOT NULL,
    amount_cents    BIGINT      NOT NULL,
    entries         BIGINT      NOT NULL,
    PRIMARY KEY (merchant_id, currency, effective_day, recorded_day, commission_kind, from_bucket, to_bucket)
);
SELECT protect_read_model('balance_day_totals');

CREATE FUNCTION balance_day_totals_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- in key order, so two writers lock the rows they share in the same order
    INSERT INTO balance_day_totals AS t (merchant_id, currency, effective_day, recorded_day, commission_kind, from_bucket,
                                         to_bucket, amount_cents, entries)
    SELECT merchant_id, currency, (effective_at AT TIME ZONE 'UTC')::date, (recorded_at AT TIME ZONE 'UTC')::date,
           commission_kind, from_bucket, to_bucket, SUM(amount_cents), COUNT(*)
    FROM inserted_entries
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (merchant_id, currency, effective_day, recorded_day, commission_kind, from_bucket, to_bucket)
        DO UPDATE SET amount_cents = t.amount_cents + EXCLUDED.amount_cents, entries = t.entries + EXCLUDED.entries;
    RETURN NULL;
END
$$;
CREATE TRIGGER balance_entries_day_totals AFTER INSERT ON balance_entries
    REFERENCING NEW TABLE AS inserted_entries FOR EACH STATEMENT EXECUTE FUNCTION balance_day_totals_add();

-- Entries already there (a database upgraded in place) are summed once here.
INSERT INTO balance_day_totals (merchant_id, currency, effective_day, recorded_day, commission_kind, from_bucket, to_bucket,
                                amount_cents, entries)
SELECT merchant_id, currency, (effective_at AT TIME ZONE 'UTC')::date, (recorded_at AT TIME ZONE 'UTC')::date,
       commission_kind, from_bucket, to_bucket, SUM(amount_cents), COUNT(*)
FROM balance_entries GROUP BY 1, 2, 3, 4, 5, 6, 7;

-- The edge days of a merchant's totals: entries effective on the as_of day, and entries recorded on the known_at day
-- (each with what the sums need, so both are index-only reads of one day). The per-affiliate recorded index goes: its
-- reads (an affiliate's balance, list and statement) all bound the effective time first and use
-- balance_entries_effective, which carries recorded_at; dropping it keeps the entries' write cost where it was.
CREATE INDEX balance_entries_merchant_effective ON balance_entries (merchant_id, effective_at)
    INCLUDE (recorded_at, currency, commission_kind, from_bucket, to_bucket, amount_cents);
CREATE INDEX balance_entries_merchant_recorded ON balance_entries (merchant_id, recorded_at)
    INCLUDE (effective_at, currency, commission_kind, from_bucket, to_bucket, amount_cents);
DROP INDEX balance_entries_recorded;
