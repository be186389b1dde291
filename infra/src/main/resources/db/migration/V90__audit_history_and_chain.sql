-- Audit trail (issue 13): the merchant-scoped history index, and the tamper-evident hash chain over the event log.

-- One row per event of the log, written by the history processor (a read model like the others: row-level security,
-- read as ledger_reader). Merchant, resource, public type, actor and times, so history pages are keyset scans of one
-- merchant's index at any depth; the event's data and chain link are read by position when a page is answered.
CREATE TABLE history_events (
    merchant_id    VARCHAR(40)  NOT NULL,
    position       BIGINT       NOT NULL,
    event_id       VARCHAR(255) NOT NULL,
    resource_type  VARCHAR(40)  NOT NULL,
    resource_id    VARCHAR(255) NOT NULL,
    sequence       BIGINT       NOT NULL,
    type           VARCHAR(100) NOT NULL,
    actor          VARCHAR(300) NOT NULL,
    request_id     VARCHAR(128),
    correlation_id VARCHAR(255),
    causation_id   VARCHAR(255),
    recorded_at    TIMESTAMPTZ  NOT NULL,
    effective_at   TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (merchant_id, position)
);
CREATE INDEX history_events_resource ON history_events (merchant_id, resource_id, position);
CREATE INDEX history_events_type ON history_events (merchant_id, type, position);
CREATE INDEX history_events_actor ON history_events (merchant_id, actor, position);
CREATE INDEX history_events_recorded ON history_events (merchant_id, recorded_at, position);
CREATE INDEX history_events_correlation ON history_events (merchant_id, correlation_id, position);
SELECT protect_read_model('history_events');

-- The hash chain: one link per event, in global position order (gaps in the global index are left out once final),
-- link = SHA-256(previous link's hex ‖ canonical encoding of the event). Written by one chain worker at a time, never
-- recomputed in place: as append-only as the event table itself (same trigger, superusers included).
CREATE TABLE event_chain (
    position  BIGINT      NOT NULL PRIMARY KEY,
    hash      BYTEA       NOT NULL,
    linked_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TRIGGER event_chain_append_only
    BEFORE UPDATE OR DELETE ON event_chain
    FOR EACH ROW EXECUTE FUNCTION refuse_event_rewrite();

CREATE TRIGGER event_chain_no_truncate
    BEFORE TRUNCATE ON event_chain
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_rewrite();
