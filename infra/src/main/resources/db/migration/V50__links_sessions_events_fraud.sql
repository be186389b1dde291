-- Affiliate links, click sessions, conversion events and fraud rules (issue 6).

-- Command side -------------------------------------------------------------------------------------------------------

-- Short code → affiliate (active or not), kept by the subscribing 'affiliate-links' processor in the transaction of
-- the command that changes it; read by every click. Backfilled from the affiliates read model for existing programs.
CREATE TABLE affiliate_link (
    merchant_id  VARCHAR(40) NOT NULL,
    short_code   VARCHAR(64) NOT NULL,
    affiliate_id VARCHAR(40) NOT NULL,
    active       BOOLEAN     NOT NULL,
    PRIMARY KEY (merchant_id, short_code)
);
CREATE INDEX affiliate_link_short_code ON affiliate_link (short_code);
CREATE INDEX affiliate_link_affiliate ON affiliate_link (affiliate_id);
INSERT INTO affiliate_link (merchant_id, short_code, affiliate_id, active)
SELECT merchant_id, lower(short_code), id, status = 'active' FROM affiliates
ON CONFLICT DO NOTHING;

-- Landing URL and attribution window per program (from AttributionSettingsChanged).
CREATE TABLE link_program (
    merchant_id VARCHAR(40)   NOT NULL PRIMARY KEY,
    landing_url VARCHAR(2048),
    window_days INTEGER       NOT NULL
);

-- One row per click, append-only, written by the redirect in one autocommitted INSERT. The session attributes later
-- conversions until expires_at (the program's attribution window from the click). Clicks move no money: they are not
-- events in the event store. Read (counts) by the API under row-level security.
CREATE TABLE click_session (
    session_id   VARCHAR(40)  NOT NULL PRIMARY KEY,
    merchant_id  VARCHAR(40)  NOT NULL,
    affiliate_id VARCHAR(40)  NOT NULL,
    short_code   VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    expires_at   TIMESTAMPTZ  NOT NULL,
    referer      VARCHAR(500),
    user_agent   VARCHAR(300)
);
CREATE INDEX click_session_affiliate ON click_session (merchant_id, affiliate_id, created_at);
SELECT protect_read_model('click_session');

-- What the fraud rules count: one row per conversion (its session, whether it was refunded), written in the
-- conversion's transaction. Append-only apart from the refunded mark, so concurrent conversions never queue on a row.
CREATE TABLE conversion_signal (
    conversion_id VARCHAR(40)  NOT NULL PRIMARY KEY,
    merchant_id   VARCHAR(40)  NOT NULL,
    affiliate_id  VARCHAR(40)  NOT NULL,
    session_id    VARCHAR(255),
    recorded_at   TIMESTAMPTZ  NOT NULL,
    refunded      BOOLEAN      NOT NULL
);
CREATE INDEX conversion_signal_session ON conversion_signal (merchant_id, session_id, recorded_at) WHERE session_id IS NOT NULL;
CREATE INDEX conversion_signal_affiliate ON conversion_signal (merchant_id, affiliate_id) INCLUDE (refunded);

-- Read models --------------------------------------------------------------------------------------------------------

-- Events (source 'event'): their type and payload; an event that earns nothing has no commission (nor status).
ALTER TABLE conversions
    ADD COLUMN event_type  VARCHAR(40),
    ADD COLUMN payload     JSONB,
    ADD COLUMN fraud_rules VARCHAR(200),
    ALTER COLUMN commission_id DROP NOT NULL,
    ALTER COLUMN status DROP NOT NULL;
CREATE INDEX conversions_merchant_event_type ON conversions (merchant_id, event_type, id DESC) WHERE event_type IS NOT NULL;

-- Fraud flags: held from approval until cleared; hold_reason names the rules that fired.
ALTER TABLE commissions
    ADD COLUMN flagged     BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN hold_reason VARCHAR(1000);
