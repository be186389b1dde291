package org.affiliateledger.query.apikey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.affiliateledger.events.apikey.ApiKeyView;
import org.affiliateledger.events.common.Timestamps;
import org.hibernate.annotations.DynamicUpdate;
import org.springframework.data.domain.Persistable;

import java.time.Instant;
import java.util.List;

/**
 * A row of {@code api_keys}, the keys' read model (also what authenticates requests, read there with plain JDBC).
 * Only changed columns are written ({@link DynamicUpdate}), and {@code last_used_at} never: the request audit keeps it,
 * so a revocation or a change of limits cannot put back a stale value.
 */
@Entity
@Table(name = "api_keys")
@DynamicUpdate
class ApiKeyRow implements Persistable<String> {
    @Id
    private String id;
    private String merchantId;
    private String name;
    private String prefix;
    private String secretHash;
    /** Space-separated, as the filter and the revocation coordinator read it. */
    private String scopes;
    private Integer readPerMinute;
    private Integer writePerMinute;
    private String issuedBy;
    private Instant createdAt;
    private Instant revokedAt;
    @Column(insertable = false, updatable = false)
    private Instant lastUsedAt;
    /** A new row is inserted at once, without the SELECT a merge of an entity with its own id would make first. */
    @Transient
    private boolean inserted;

    protected ApiKeyRow() {
    }

    ApiKeyRow(String id, String merchantId, String name, String prefix, String secretHash, List<String> scopes,
              Integer readPerMinute, Integer writePerMinute, String issuedBy, Instant createdAt) {
        this.id = id;
        this.merchantId = merchantId;
        this.name = name;
        this.prefix = prefix;
        this.secretHash = secretHash;
        this.scopes = String.join(" ", scopes);
        this.readPerMinute = readPerMinute;
        this.writePerMinute = writePerMinute;
        this.issuedBy = issuedBy;
        this.createdAt = createdAt;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return !inserted;
    }

    @PostLoad
    @PostPersist
    void stored() {
        inserted = true;
    }

    /** The first revocation counts: a replayed one keeps its time. */
    void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }

    void limits(Integer readPerMinute, Integer writePerMinute) {
        this.readPerMinute = readPerMinute;
        this.writePerMinute = writePerMinute;
    }

    ApiKeyView view() {
        return new ApiKeyView(id, name, prefix, List.of(scopes.split(" ")), new ApiKeyView.Limits(readPerMinute, writePerMinute),
                Timestamps.format(createdAt), Timestamps.format(lastUsedAt), Timestamps.format(revokedAt));
    }
}
