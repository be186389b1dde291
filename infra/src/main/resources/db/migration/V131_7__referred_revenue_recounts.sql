-- Issue 17: referred revenue was counted only from V40 on. The sales recorded before it are added once from the event
-- history (command/affiliate/ReferredRevenueRecount), each recount recorded as a ReferredRevenueRecounted event; this
-- table claims each (merchant, affiliate, currency) recount once, and the row ('*', '*', '*') says the run finished.
-- Command side, not a read model: no RLS.
CREATE TABLE referred_revenue_recounts (
    merchant_id  VARCHAR(40) NOT NULL,
    affiliate_id VARCHAR(40) NOT NULL,
    currency     VARCHAR(3)  NOT NULL,
    added_cents  BIGINT      NOT NULL,
    recounted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant_id, affiliate_id, currency)
);
