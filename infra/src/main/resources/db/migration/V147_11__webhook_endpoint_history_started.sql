-- Whether the endpoint's history (WebhookEndpointLifecycle) says what it is: true once it was registered through a
-- command, or once WebhookEndpointBackfill recorded an endpoint from before that as it stood
-- (webhook_endpoint.history_started). Rows that exist already are from before: false, so the backfill finds them.
ALTER TABLE webhook_endpoints ADD COLUMN history_started BOOLEAN NOT NULL DEFAULT FALSE;
