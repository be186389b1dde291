package org.affiliateledger.query.apikey;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.affiliateledger.events.common.Timestamps;

import java.time.Instant;

/**
 * An entry of {@code api_key_audit}: here a change to a key (issued, revoked, limits changed) and who made it. The
 * entries of requests made with a key are written in batches by the request audit (plain JDBC, on every request's path).
 */
@Entity
@Table(name = "api_key_audit")
class ApiKeyAuditRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String merchantId;
    private String keyId;
    private Instant at;
    private String action;
    private String method;
    private String path;
    private Integer status;
    private String clientAddress;
    private String actor;

    protected ApiKeyAuditRow() {
    }

    /** A change to the key. */
    ApiKeyAuditRow(String merchantId, String keyId, Instant at, String action, String actor) {
        this.merchantId = merchantId;
        this.keyId = keyId;
        this.at = at;
        this.action = action;
        this.actor = actor;
    }

    long id() {
        return id;
    }

    ApiKeyQueryController.AuditEntry entry() {
        return new ApiKeyQueryController.AuditEntry(Timestamps.format(at), action, method, path, status, clientAddress, actor);
    }
}
