package org.affiliateledger.infra.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every {@code LEDGER_*} environment variable: the validated property it is bound to (application.properties reads the
 * variable into it), the Spring property that follows it where there is one, and what it accepts, for the message
 * that stops a start with a bad value ({@link SettingsFailureAnalyzer}). The README's configuration table lists the
 * same variables; {@code ConfigurationTableTest} holds the three together.
 */
public enum LedgerSetting {
    PORT("LEDGER_PORT", "ledger.http.port", "server.port", "a TCP port from 0 to 65535 (0: any free port)", "9090"),
    DATA_DIR("LEDGER_DATA_DIR", "ledger.data-dir", null, "a directory path", "/var/lib/affiliate-ledger"),
    DB_URL("LEDGER_DB_URL", "ledger.db.url", null,
            "blank (the embedded PostgreSQL) or a JDBC URL such as jdbc:postgresql://db:5432/ledger", "jdbc:postgresql://db:5432/ledger"),
    DB_USER("LEDGER_DB_USER", "ledger.db.user", null, "a PostgreSQL user name", "ledger"),
    DB_PASSWORD("LEDGER_DB_PASSWORD", "ledger.db.password", null, "any string", "s3cret"),
    DB_POOL_SIZE("LEDGER_DB_POOL_SIZE", "ledger.db.pool-size", null, "an integer from 1 to 1000", "10"),
    DB_CONNECT_TIMEOUT("LEDGER_DB_CONNECT_TIMEOUT", "ledger.db.connect-timeout", null,
            "an ISO-8601 duration from PT0.25S to PT5M, e.g. PT2S", "PT5S"),
    ADMIN_TOKEN("LEDGER_ADMIN_TOKEN", "ledger.admin-token", null,
            "blank (a token is generated per start) or at least 8 characters without spaces", "adm_0123456789"),
    EMBEDDED_PG_USER("LEDGER_EMBEDDED_PG_USER", "ledger.embedded-pg-user", null,
            "the name of an existing unprivileged account (lowercase letters, digits, '_' and '-')", "postgres"),
    MAX_BODY_BYTES("LEDGER_MAX_BODY_BYTES", "ledger.http.max-body-bytes", null,
            "a number of bytes from 1024 to 67108864 (64 MiB)", "131072"),
    MAX_HEADER_BYTES("LEDGER_MAX_HEADER_BYTES", "ledger.http.max-header-bytes", "server.max-http-request-header-size",
            "a number of bytes from 1024 to 1048576 (1 MiB)", "16384"),
    PROCESSOR_BATCH_SIZE("LEDGER_PROCESSOR_BATCH_SIZE", "ledger.processors.batch-size", null, "an integer from 1 to 100000", "500"),
    PROCESSOR_SEGMENTS("LEDGER_PROCESSOR_SEGMENTS", "ledger.processors.segments", null, "an integer from 1 to 64", "4"),
    PROCESSOR_TYPE("LEDGER_PROCESSOR_TYPE", "ledger.processors.type", null, "tracking or pooled", "pooled"),
    HTTP_THREADS("LEDGER_HTTP_THREADS", "ledger.http.threads", "server.tomcat.threads.max", "an integer from 1 to 10000", "64"),
    PROCESSORS_SHARED("LEDGER_PROCESSORS_SHARED", "ledger.processors.shared", null, "true or false", "false"),
    EVENT_STORE_BATCH_SIZE("LEDGER_EVENT_STORE_BATCH_SIZE", "ledger.event-store.batch-size", null, "an integer from 1 to 100000", "500"),
    RATE_LIMIT_READ("LEDGER_RATE_LIMIT_READ_PER_MINUTE", "ledger.rate-limits.read-per-minute", null,
            "a positive integer (requests per minute)", "600"),
    RATE_LIMIT_WRITE("LEDGER_RATE_LIMIT_WRITE_PER_MINUTE", "ledger.rate-limits.write-per-minute", null,
            "a positive integer (requests per minute)", "60"),
    SECRETS_KEY("LEDGER_SECRETS_KEY", "ledger.secrets-key", null,
            "blank (a key generated once into LEDGER_DATA_DIR/secrets.key), or one or more comma-separated keys, each "
                    + "base64 of 32 random bytes (openssl rand -base64 32); the first seals, all open",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
    STRIPE_API_BASE("LEDGER_STRIPE_API_BASE", "ledger.stripe.api-base", null, "an http(s) URL", "http://127.0.0.1:12111"),
    STRIPE_MAX_BODY_BYTES("LEDGER_STRIPE_MAX_BODY_BYTES", "ledger.stripe.max-body-bytes", null,
            "a number of bytes from 1024 to 67108864 (64 MiB)", "2097152"),
    WEBHOOKS_ALLOW_PRIVATE_TARGETS("LEDGER_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "ledger.webhooks.allow-private-targets", null,
            "true or false", "true"),
    WEBHOOKS_THREADS("LEDGER_WEBHOOKS_THREADS", "ledger.webhooks.threads", null, "an integer from 1 to 512", "4"),
    WEBHOOKS_PER_ENDPOINT("LEDGER_WEBHOOKS_PER_ENDPOINT", "ledger.webhooks.per-endpoint", null, "an integer from 1 to 64", "4"),
    WEBHOOKS_POLL_INTERVAL("LEDGER_WEBHOOKS_POLL_INTERVAL", "ledger.webhooks.poll-interval", null,
            "an ISO-8601 duration from PT0.01S to PT1H, e.g. PT0.5S", "PT2S"),
    LINKS_DEFAULT_MERCHANT("LEDGER_LINKS_DEFAULT_MERCHANT", "ledger.links.default-merchant", null,
            "blank, or a merchant id (mer_…)", "mer_01hx5v3k8m2n4p6q8r0s2t4v6w"),
    READ_WAIT("LEDGER_READ_WAIT", "ledger.reads.consistency-wait", null,
            "an ISO-8601 duration from PT0S to PT1M, e.g. PT2S", "PT5S"),
    CHAIN_ENABLED("LEDGER_CHAIN_ENABLED", "ledger.history.chain.enabled", null, "true or false", "false"),
    CHAIN_POLL_INTERVAL("LEDGER_CHAIN_POLL_INTERVAL", "ledger.history.chain.poll-interval", null,
            "an ISO-8601 duration from PT0.01S to PT1H, e.g. PT0.2S", "PT1S"),
    CHAIN_GAP_TIMEOUT("LEDGER_CHAIN_GAP_TIMEOUT", "ledger.history.chain.gap-timeout", null,
            "an ISO-8601 duration from PT1S to PT24H, e.g. PT60S", "PT120S"),
    HOLD_UNIT("LEDGER_HOLD_UNIT", "ledger.commissions.hold-unit", null,
            "a positive ISO-8601 duration: P1D (production), PT1S for demos", "PT1S"),
    UI_IDLE_TIMEOUT("LEDGER_UI_IDLE_TIMEOUT", "ledger.ui.idle-timeout", null,
            "an ISO-8601 duration from PT1M to P1D, e.g. PT30M", "PT15M"),
    UI_ABSOLUTE_TIMEOUT("LEDGER_UI_ABSOLUTE_TIMEOUT", "ledger.ui.absolute-timeout", null,
            "an ISO-8601 duration from PT1M to P30D, e.g. PT12H", "PT8H"),
    UI_SECURE_COOKIE("LEDGER_UI_SECURE_COOKIE", "ledger.ui.secure-cookie", null, "true or false", "true"),
    SHUTDOWN_TIMEOUT("LEDGER_SHUTDOWN_TIMEOUT", "ledger.http.shutdown-timeout", "spring.lifecycle.timeout-per-shutdown-phase",
            "an ISO-8601 duration from PT0S to PT10M, e.g. PT30S", "PT10S"),
    LOG_FORMAT("LEDGER_LOG_FORMAT", "ledger.log.format", null,
            "text or json (JSON lines in Elastic Common Schema); ecs, logstash or gelf choose the JSON schema", "json");

    private final String variable;
    private final String property;
    private final String springProperty;
    private final String accepted;
    private final String sample;

    LedgerSetting(String variable, String property, String springProperty, String accepted, String sample) {
        this.variable = variable;
        this.property = property;
        this.springProperty = springProperty;
        this.accepted = accepted;
        this.sample = sample;
    }

    public String variable() {
        return variable;
    }

    /** The {@code ledger.*} property of a validated configuration record. */
    public String property() {
        return property;
    }

    /** What the variable accepts, in words. */
    public String accepted() {
        return accepted;
    }

    /** A valid value other than the default (for tests). */
    public String sample() {
        return sample;
    }

    /** The setting behind a property name: its own {@code ledger.*} property, or the Spring property that follows it. */
    public static Optional<LedgerSetting> forProperty(String name) {
        return Arrays.stream(values())
                .filter(setting -> setting.property.equals(name) || name.equals(setting.springProperty))
                .findFirst();
    }

    public static List<String> variables() {
        return Arrays.stream(values()).map(LedgerSetting::variable).toList();
    }
}
