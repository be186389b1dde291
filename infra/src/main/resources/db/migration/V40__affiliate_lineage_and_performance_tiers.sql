-- MLM lineage and performance tiers (issue 6).

-- Command side: each affiliate's referred revenue (tier-0 sales in the program currency), raised in the same
-- transaction as the conversion; a performance tier promotion is decided from it (tier_name: the tier last promoted to,
-- read under the row lock so that two racing conversions cannot both promote). Not a read model: no RLS.
CREATE TABLE affiliate_referred_revenue (
    merchant_id   VARCHAR(40) NOT NULL,
    affiliate_id  VARCHAR(40) NOT NULL,
    currency      CHAR(3)     NOT NULL,
    revenue_cents BIGINT      NOT NULL,
    tier_name     VARCHAR(100),
    PRIMARY KEY (merchant_id, affiliate_id, currency)
);

-- Read model: the affiliate's parent, its number of ancestors and its performance tier.
ALTER TABLE affiliates ADD COLUMN parent_id VARCHAR(40);
ALTER TABLE affiliates ADD COLUMN lineage_depth INTEGER NOT NULL DEFAULT 0;
ALTER TABLE affiliates ADD COLUMN performance_tier VARCHAR(100);
CREATE INDEX affiliates_merchant_parent ON affiliates (merchant_id, parent_id, id DESC);
