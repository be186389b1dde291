-- Tenant isolation, the second time: read-model queries run as ledger_reader (neither owner nor superuser) with the
-- merchant set per transaction (app.merchant_id), and PostgreSQL's row-level security shows them only that
-- merchant's rows, even if a query forgot its WHERE merchant_id. Projectors write as the owner, who keeps access.
-- Needs a database user that may create roles (or a DBA who pre-creates ledger_reader and grants it to that user).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ledger_reader') THEN
        CREATE ROLE ledger_reader NOLOGIN NOSUPERUSER NOINHERIT NOBYPASSRLS;
    END IF;
END
$$;
GRANT ledger_reader TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO ledger_reader;

-- Every read-model table calls this once: SELECT for ledger_reader, filtered to the current merchant.
CREATE FUNCTION protect_read_model(read_model regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('GRANT SELECT ON %s TO ledger_reader', read_model);
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', read_model);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', read_model);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s FOR SELECT TO ledger_reader '
                   'USING (merchant_id = NULLIF(current_setting(''app.merchant_id'', true), ''''))', read_model);
    EXECUTE format('CREATE POLICY projector_access ON %s TO %I USING (true) WITH CHECK (true)', read_model, current_user);
END
$$;

SELECT protect_read_model('program');
SELECT protect_read_model('affiliates');
SELECT protect_read_model('conversions');
SELECT protect_read_model('commissions');
