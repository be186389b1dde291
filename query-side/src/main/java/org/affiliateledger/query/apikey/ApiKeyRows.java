package org.affiliateledger.query.apikey;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.Optional;

/** The keys' read model. The list pages by keyset in {@link ApiKeyQueries}. */
interface ApiKeyRows extends JpaRepository<ApiKeyRow, String> {
    Optional<ApiKeyRow> findByIdAndMerchantId(String id, String merchantId);
}
