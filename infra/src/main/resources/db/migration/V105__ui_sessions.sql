-- Dashboard (/ui) sign-in: an API key is exchanged for a server-side session. The browser holds only a random session
-- id in an HttpOnly cookie; this table keeps its SHA-256 (a leaked table opens no session), the key it stands for (by id:
-- the key's secret is never kept, and revoking the key ends its sessions) and the CSRF token of its forms.
CREATE TABLE ui_sessions (
    id_hash      CHAR(64)     NOT NULL PRIMARY KEY,
    merchant_id  VARCHAR(40)  NOT NULL,
    key_id       VARCHAR(40)  NOT NULL,
    csrf_token   VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    last_seen_at TIMESTAMPTZ  NOT NULL,
    expires_at   TIMESTAMPTZ  NOT NULL   -- the absolute expiry: created_at + LEDGER_UI_ABSOLUTE_TIMEOUT
);
CREATE INDEX ui_sessions_expires ON ui_sessions (expires_at);
CREATE INDEX ui_sessions_key ON ui_sessions (key_id);
