-- Whether the delivery's WebhookDelivery aggregate has events: false until its first attempt, replay or recovery is
-- recorded. The transport records the first attempt of a delivery whose history has not started by creating the
-- aggregate instead of loading it (two event-store reads saved per delivery). Rows that exist already may have a
-- history (or attempts from before attempts were events): they are marked started, so theirs is always loaded.
ALTER TABLE webhook_deliveries ADD COLUMN history_started BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE webhook_deliveries ALTER COLUMN history_started SET DEFAULT FALSE;
