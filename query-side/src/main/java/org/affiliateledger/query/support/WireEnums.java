package org.affiliateledger.query.support;

import org.affiliateledger.events.common.InvalidRequestException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Filter values such as {@code status=approved}: the lowercase name of a domain enum, or a 400 naming the valid ones. */
public final class WireEnums {
    private WireEnums() {
    }

    public static <E extends Enum<E>> String parse(String parameter, String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return value;
            }
        }
        throw new InvalidRequestException(parameter + " must be one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                + "; got \"" + value + "\"");
    }
}
