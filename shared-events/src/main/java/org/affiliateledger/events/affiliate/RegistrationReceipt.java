package org.affiliateledger.events.affiliate;

import org.jspecify.annotations.Nullable;

/** What the caller learns synchronously when an affiliate is registered: its parent as resolved (from an email, say). */
public record RegistrationReceipt(String affiliateId, @Nullable String parentId) {
}
