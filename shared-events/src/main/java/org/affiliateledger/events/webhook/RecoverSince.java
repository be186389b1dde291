package org.affiliateledger.events.webhook;

import org.affiliateledger.events.common.InvalidRequestException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The {@code since} of a webhook recover and of its preview: one parse, one message, on both sides. */
public final class RecoverSince {
    private RecoverSince() {
    }

    /** An ISO-8601 instant (or date-time with an offset); a 400 with the API's message for anything else. */
    public static Instant parse(String since) {
        if (since == null || since.isBlank()) {
            throw invalid();
        }
        try {
            return Instant.parse(since.strip());
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(since.strip()).toInstant();
            } catch (DateTimeParseException again) {
                throw invalid();
            }
        }
    }

    private static InvalidRequestException invalid() {
        return new InvalidRequestException("since must be an ISO-8601 UTC time such as 2026-01-31T00:00:00Z");
    }
}
