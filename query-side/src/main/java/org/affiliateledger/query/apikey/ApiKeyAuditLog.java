package org.affiliateledger.query.apikey;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

/** A key's audit log, newest first, by keyset (the entry id). */
interface ApiKeyAuditLog extends JpaRepository<ApiKeyAuditRow, Long> {
    List<ApiKeyAuditRow> findByMerchantIdAndKeyIdAndIdLessThanOrderByIdDesc(String merchantId, String keyId, long before, Limit limit);
}
