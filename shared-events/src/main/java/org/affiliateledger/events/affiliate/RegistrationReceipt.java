package org.affiliateledger.events.affiliate;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * What the caller learns synchronously when an affiliate is registered: its parent as resolved (from an email, say),
 * and, when registered active, the recorded time of that approval.
 */
public record RegistrationReceipt(String affiliateId, @Nullable String parentId, @Nullable Instant activatedAt) {
    public RegistrationReceipt(String affiliateId, @Nullable String parentId) {
        this(affiliateId, parentId, null);
    }
}
