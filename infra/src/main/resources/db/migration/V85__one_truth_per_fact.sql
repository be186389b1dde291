-- Issue 12, "one truth per fact".

-- The program currency can change until the first conversion in it is recorded (ProgramCurrencyLocked).
ALTER TABLE program ADD COLUMN currency_locked BOOLEAN NOT NULL DEFAULT FALSE;

-- An event conversion's flat reward (ConversionRecorded.flatRewardCents; derived for events recorded before it was).
ALTER TABLE conversions ADD COLUMN flat_reward_cents BIGINT;
-- (where the rate earned nothing the commission is all flat reward; other rows get theirs at the next rebuild)
UPDATE conversions SET flat_reward_cents = commission_cents
WHERE source = 'event' AND (commission_rate = '0' OR amount_cents = 0);
-- an event whose reward has no rate now records none (null), not "0" (events recorded before keep their "0")
ALTER TABLE conversions ALTER COLUMN commission_rate DROP NOT NULL;

-- Affiliates looked up by email and short code (GET /api/v1/affiliates?email=…&short_code=…, affiliate_id=<short code>).
CREATE INDEX affiliates_merchant_email ON affiliates (merchant_id, lower(email));
CREATE INDEX affiliates_merchant_short_code ON affiliates (merchant_id, short_code);

-- A commission paid through a payout without an external reference used to name the payout id as its reference;
-- its externalReference is the payout's own reference (here: none), and payoutId already names the payout.
UPDATE commissions SET paid_reference = NULL WHERE paid_reference IS NOT NULL AND paid_reference = payout_id;

-- Webhook deliveries: attempts counts every attempt ever made (it always equals the attempt log); schedule_base is the
-- attempt after which the current backoff schedule started (a replay or recover restarts it); replays_due counts
-- replays asked for and not yet attempted, so two quick replays are two attempts.
ALTER TABLE webhook_deliveries ADD COLUMN schedule_base INT NOT NULL DEFAULT 0;
ALTER TABLE webhook_deliveries ADD COLUMN replays_due INT NOT NULL DEFAULT 0;
UPDATE webhook_deliveries d SET schedule_base = logged.count - d.attempts, attempts = logged.count
FROM (SELECT message_id, endpoint_id, count(*)::int AS count FROM webhook_attempts GROUP BY message_id, endpoint_id) logged
WHERE logged.message_id = d.message_id AND logged.endpoint_id = d.endpoint_id AND logged.count <> d.attempts;
