package org.affiliateledger.events.common;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Instants given by clients ({@code as_of}, {@code from}, {@code paid_at}…): ISO-8601 with a time and an offset,
 * {@code 2026-03-31T23:59:59Z} or {@code 2026-04-01T01:59:59+02:00}; anything else is a 400 naming the parameter.
 */
public final class InstantParam {
    private InstantParam() {
    }

    /** @return null when {@code value} is null */
    public static Instant parse(String parameter, String value) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                throw new InvalidRequestException(parameter + " must be an ISO-8601 instant with a time and an offset, such as "
                        + "2026-03-31T23:59:59Z; got \"" + value + "\"").withCode("invalid_instant");
            }
        }
    }

    /** As {@link #parse}, and not later than now: a 400 naming the parameter otherwise. */
    public static Instant notInFuture(String parameter, String value, Clock clock) {
        Instant instant = parse(parameter, value);
        if (instant != null && instant.isAfter(clock.instant())) {
            throw new InvalidRequestException(parameter + " " + value + " is in the future").withCode("instant_in_future");
        }
        return instant;
    }
}
