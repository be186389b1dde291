-- Program settings of the Cobalz features (issue 6). Structured settings are kept as the JSON the API answers.
ALTER TABLE program ADD COLUMN mlm_tier_rates JSONB NOT NULL DEFAULT '[]';
ALTER TABLE program ADD COLUMN event_rewards JSONB NOT NULL DEFAULT '{}';
ALTER TABLE program ADD COLUMN landing_url VARCHAR(2000);
ALTER TABLE program ADD COLUMN attribution_window_days INTEGER NOT NULL DEFAULT 30;
ALTER TABLE program ADD COLUMN payout_minimum_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE program ADD COLUMN tax_form_threshold_cents BIGINT;
ALTER TABLE program ADD COLUMN fraud_rules JSONB;
ALTER TABLE program ADD COLUMN performance_tiers JSONB NOT NULL DEFAULT '[]';
