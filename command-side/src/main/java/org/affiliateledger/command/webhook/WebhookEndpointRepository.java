package org.affiliateledger.command.webhook;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.Optional;

/** The merchants' webhook endpoints, through Spring Data JPA (see {@link WebhookEndpoint}). */
interface WebhookEndpointRepository extends JpaRepository<WebhookEndpoint, String> {

    /** The merchant's endpoint unless deleted: another merchant's id is as unknown as a made-up one. */
    Optional<WebhookEndpoint> findByIdAndMerchantIdAndDeletedAtIsNull(String id, String merchantId);
}
