package org.affiliateledger.command.webhook;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

import java.time.Instant;
import java.util.List;

/**
 * A merchant's webhook endpoint as a row ({@code webhook_endpoints}): what the endpoint's events
 * ({@link WebhookEndpointLifecycle}) left, kept by {@link WebhookEndpointRows}. A plain entity that is inserted, read and
 * changed one at a time, so Spring Data JPA keeps it ({@link WebhookEndpointRepository}); the outbox's routing of every
 * event and the dispatcher's claims read the same table with plain JDBC (hot paths). Deleting keeps the row (the
 * attempt log still names it).
 */
@Entity
@Table(name = "webhook_endpoints")
@DynamicUpdate
class WebhookEndpoint implements Persistable<String> {
    static final String DELETED = "deleted";

    @Id
    private String id;
    private String merchantId;
    private String url;
    private String description;
    /** Empty: every type. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    private String[] eventTypes;
    private boolean enabled;
    private String disabledReason;
    private Instant disabledAt;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant deletedAt;
    /** Its history says what it is (registered through a command): nothing for WebhookEndpointBackfill to record. */
    private boolean historyStarted;
    /** A new row is inserted at once, without the SELECT a merge of an entity with its own id would make first. */
    @Transient
    private boolean stored;

    protected WebhookEndpoint() {
    }

    WebhookEndpoint(String id, String merchantId, String url, String description, List<String> eventTypes, boolean enabled,
                    Instant now) {
        this.id = id;
        this.merchantId = merchantId;
        this.url = url;
        this.description = description;
        this.eventTypes = eventTypes.toArray(String[]::new);
        this.enabled = enabled;
        this.createdAt = now;
        this.updatedAt = now;
        this.historyStarted = true;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    void stored() {
        stored = true;
    }

    boolean enabled() {
        return enabled;
    }

    boolean deleted() {
        return deletedAt != null;
    }

    String merchantId() {
        return merchantId;
    }

    /** Only what is given changes (a PATCH). */
    void change(String newUrl, String newDescription, List<String> newTypes, Instant now) {
        if (newUrl != null) {
            url = newUrl;
        }
        if (newDescription != null) {
            description = newDescription;
        }
        if (newTypes != null) {
            eventTypes = newTypes.toArray(String[]::new);
        }
        updatedAt = now;
    }

    /** @return whether it was enabled (its pending deliveries are then parked by the caller) */
    boolean disable(String reason, Instant now) {
        if (!enabled) {
            return false;
        }
        enabled = false;
        disabledReason = reason;
        disabledAt = now;
        updatedAt = now;
        return true;
    }

    void enable(Instant now) {
        enabled = true;
        disabledReason = null;
        disabledAt = null;
        updatedAt = now;
    }

    void delete(Instant now) {
        deletedAt = now;
        enabled = false;
        disabledReason = DELETED;
        updatedAt = now;
    }
}
