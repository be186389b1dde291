package org.affiliateledger.infra;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Operator configuration: every {@code LEDGER_*} environment variable lands here (or in {@code CommandSettings} and
 * {@code RateLimitProperties}) through application.properties, and is validated when the ledger starts: a bad value
 * stops it with a message naming the variable and what it accepts ({@code settings.SettingsFailureAnalyzer}). The
 * README's configuration table lists them, {@code settings.LedgerSetting} maps each to its property.
 *
 * @param dataDir        where the embedded PostgreSQL keeps its data, and the generated secrets key
 * @param adminToken     the bearer token for {@code /admin/v1}; generated per start when blank
 * @param embeddedPgUser the account the embedded PostgreSQL runs as when the ledger runs as root
 * @param secretsKey     one or more comma-separated AES-256 keys (base64 of 32 bytes); the first seals, all open
 */
@ConfigurationProperties("ledger")
@Validated
public record LedgerProperties(
        @NotNull @Valid Db db,
        @NotNull Path dataDir,
        @Pattern(regexp = "|\\S{8,}", message = "must be blank (a token is generated per start) or at least 8 characters without spaces")
        String adminToken,
        @NotBlank @Pattern(regexp = "[a-z_][a-z0-9_-]{0,31}", message = "must be the name of an existing unprivileged account")
        String embeddedPgUser,
        @Pattern(regexp = SECRETS_KEYS, message = "must be blank, or comma-separated keys that are each base64 of 32 random bytes")
        String secretsKey,
        @NotNull @Valid Http http,
        @NotNull @Valid Processors processors,
        @NotNull @Valid EventStore eventStore,
        @NotNull @Valid Stripe stripe,
        @NotNull @Valid Webhooks webhooks,
        @NotNull @Valid Reads reads,
        @NotNull @Valid History history,
        @NotNull @Valid Ui ui,
        @NotNull @Valid Log log) {

    /** Blank, or base64 of 32 bytes (43 characters and one '='), comma-separated, spaces allowed around commas. */
    public static final String SECRETS_KEYS = "\\s*|\\s*[A-Za-z0-9+/]{43}=\\s*(,\\s*[A-Za-z0-9+/]{43}=\\s*)*";

    /**
     * @param url            blank means: start the embedded PostgreSQL under {@code dataDir}
     * @param connectTimeout the longest a request waits for a database connection (and a new connection for the
     *                       server to answer) before it is refused with 503: a database outage answers quickly
     */
    public record Db(@Pattern(regexp = "|jdbc:postgresql:.+", message = "must be blank (embedded PostgreSQL) or a jdbc:postgresql:// URL")
                     String url,
                     @NotBlank String user,
                     String password,
                     @Min(1) @Max(1000) int poolSize,
                     @NotNull @DurationMin(millis = 250) @DurationMax(minutes = 5) Duration connectTimeout) {
    }

    /**
     * @param port           Tomcat's port (server.port follows it)
     * @param threads        Tomcat's worker threads (server.tomcat.threads.max follows it)
     * @param maxBodyBytes   the request body cap of the API (413 above it)
     * @param maxHeaderBytes the request line and headers together (server.max-http-request-header-size follows it)
     * @param shutdownTimeout how long a graceful shutdown lets requests in flight finish (spring.lifecycle.timeout-per-shutdown-phase)
     */
    public record Http(@Min(0) @Max(65535) int port,
                       @Min(1) @Max(10_000) int threads,
                       @Min(1024) @Max(64 * 1024 * 1024) int maxBodyBytes,
                       @Min(1024) @Max(1024 * 1024) int maxHeaderBytes,
                       @NotNull @DurationMin(seconds = 0) @DurationMax(minutes = 10) Duration shutdownTimeout) {
    }

    /** @param type {@code tracking} or {@code pooled} */
    public record Processors(@Min(1) @Max(100_000) int batchSize,
                             @Min(1) @Max(64) int segments,
                             boolean shared,
                             @NotNull @Pattern(regexp = "(?i)\\s*(tracking|pooled)\\s*", message = "must be tracking or pooled")
                             String type) {
    }

    public record EventStore(@Min(1) @Max(100_000) int batchSize) {
    }

    /** @param maxBodyBytes the body cap of Stripe's webhook calls (large invoices exceed the API's) */
    public record Stripe(@Min(1024) @Max(64 * 1024 * 1024) int maxBodyBytes) {
    }

    public record Webhooks(boolean allowPrivateTargets,
                           @Min(1) @Max(512) int threads,
                           @Min(1) @Max(64) int perEndpoint,
                           @NotNull @DurationMin(millis = 10) @DurationMax(hours = 1) Duration pollInterval) {
    }

    /** @param consistencyWait the longest a read waits for the read models to reach a write (read your writes) */
    public record Reads(@NotNull @DurationMin(millis = 0) @DurationMax(minutes = 1) Duration consistencyWait) {
    }

    public record History(@NotNull @Valid Chain chain) {
    }

    /**
     * @param enabled      whether this node's chain worker links new events
     * @param pollInterval how often the chain worker looks for new events
     * @param gapTimeout   the longest a missing position of the event log holds the chain back
     */
    public record Chain(boolean enabled,
                        @NotNull @DurationMin(millis = 10) @DurationMax(hours = 1) Duration pollInterval,
                        @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 24) Duration gapTimeout) {
    }

    /**
     * The dashboard's sign-in sessions.
     *
     * @param idleTimeout     a session unused this long ends
     * @param absoluteTimeout a session ends this long after sign-in, however busy
     * @param secureCookie    mark the session cookie {@code Secure} (set it behind HTTPS; a request that arrives over
     *                        HTTPS gets it anyway)
     */
    public record Ui(@NotNull @DurationMin(minutes = 1) @DurationMax(days = 1) Duration idleTimeout,
                     @NotNull @DurationMin(minutes = 1) @DurationMax(days = 30) Duration absoluteTimeout,
                     boolean secureCookie) {
    }

    /** @param format {@code text}, or {@code json} (ECS), {@code ecs}, {@code logstash}, {@code gelf}: see {@code ops.LogFormat} */
    public record Log(@NotNull @Pattern(regexp = "(?i)\\s*(text|json|ecs|logstash|gelf)\\s*",
            message = "must be text or json (or ecs, logstash, gelf)") String format) {
    }

    public boolean embeddedDatabase() {
        return db.url() == null || db.url().isBlank();
    }
}
