-- The overview's past view (issue 15): revenue as it stood at an instant. The conversions read model keeps only the
-- latest refunded amount, so a refund recorded after the instant was already deducted. One row per refund instead
-- (query/conversion/RefundLogProjector), with the cumulative amount refunded and both times; the past view takes, per
-- conversion, the largest amount effective and recorded by its instant.
CREATE TABLE conversion_refunds (
    event_id       VARCHAR(255) NOT NULL PRIMARY KEY,
    merchant_id    VARCHAR(40)  NOT NULL,
    conversion_id  VARCHAR(40)  NOT NULL,
    refunded_cents BIGINT       NOT NULL,
    effective_at   TIMESTAMPTZ  NOT NULL,
    recorded_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX conversion_refunds_recorded ON conversion_refunds (merchant_id, recorded_at)
    INCLUDE (conversion_id, refunded_cents, effective_at);
SELECT protect_read_model('conversion_refunds');

-- Refunds already in the event log (a database upgraded in place), from their payloads and metadata as stored.
INSERT INTO conversion_refunds (event_id, merchant_id, conversion_id, refunded_cents, effective_at, recorded_at)
SELECT eventidentifier, p ->> 'merchantId', p ->> 'conversionId', (p ->> 'refundedCents')::bigint,
       COALESCE((m ->> 'effectiveAt')::timestamptz, "timestamp"::timestamptz), "timestamp"::timestamptz
FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p, convert_from(metadata, 'UTF8')::jsonb AS m, eventidentifier, "timestamp"
      FROM domainevententry WHERE payloadtype = 'org.affiliateledger.events.conversion.ConversionRefunded') e
ON CONFLICT (event_id) DO NOTHING;
