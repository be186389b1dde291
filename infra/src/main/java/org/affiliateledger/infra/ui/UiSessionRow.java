package org.affiliateledger.infra.ui;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

import java.time.Instant;

/** A row of {@code ui_sessions}: a dashboard session, by the SHA-256 of the id its cookie holds. Only ever inserted new. */
@Entity
@Table(name = "ui_sessions")
class UiSessionRow implements Persistable<String> {
    @Id
    private String idHash;
    private String merchantId;
    private String keyId;
    private String csrfToken;
    private Instant createdAt;
    private Instant lastSeenAt;
    private Instant expiresAt;

    protected UiSessionRow() {
    }

    UiSessionRow(String idHash, String merchantId, String keyId, String csrfToken, Instant createdAt, Instant expiresAt) {
        this.idHash = idHash;
        this.merchantId = merchantId;
        this.keyId = keyId;
        this.csrfToken = csrfToken;
        this.createdAt = createdAt;
        this.lastSeenAt = createdAt;
        this.expiresAt = expiresAt;
    }

    @Override
    public String getId() {
        return idHash;
    }

    /** Always a new row: inserted at once, without the SELECT a merge of an entity with its own id would make first. */
    @Override
    @Transient
    public boolean isNew() {
        return true;
    }
}
