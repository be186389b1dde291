-- Every attempt keeps the headers it was sent with (webhook-id, webhook-timestamp, webhook-signature, user-agent,
-- content-type) as a JSON object, so the replay UI and GET /api/v1/webhook-messages/{id} show exactly what went out.
-- The signatures are HMACs, not secrets. Attempts made before this migration have none (null).
ALTER TABLE webhook_attempts ADD COLUMN request_headers TEXT;

-- The message log filters by creation time (created_from / created_to) within a merchant.
CREATE INDEX webhook_messages_merchant_created ON webhook_messages (merchant_id, created_at);
