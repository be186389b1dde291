package org.affiliateledger.events.affiliate;

import java.time.Instant;
import java.time.LocalDate;

/** The affiliate's tax form on file; a later one replaces it. */
public record TaxFormSubmitted(String affiliateId, String merchantId, String formType, LocalDate receivedOn,
                               Instant submittedAt) {
}
