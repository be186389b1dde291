-- A bounded reconciliation (issue 14) starts from the money events effective in its period: an index range by
-- effective time over those rows only (the same predicate as query/reconciliation/MerchantEvents), carrying what it
-- reads, instead of every money event of the merchant's history.
CREATE INDEX history_events_money_effective ON history_events (merchant_id, effective_at)
    INCLUDE (position, resource_type, resource_id)
    WHERE (resource_type IN ('conversion', 'commission', 'payout') OR type = 'program.stripe_activity_unmatched');
