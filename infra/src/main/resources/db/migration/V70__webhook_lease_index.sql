-- The dispatcher counts each endpoint's live leases on every claim (the per-endpoint concurrency cap, cluster-wide).
-- Without this index that count walks every pending delivery of the endpoint, which is the whole backlog.
CREATE INDEX webhook_deliveries_leased ON webhook_deliveries (endpoint_id) WHERE status = 'pending' AND lease_until IS NOT NULL;
