package org.affiliateledger.events.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The one rule every lifecycle shares: a transition is allowed only from the states listed for it. */
public final class Lifecycle {
    private Lifecycle() {
    }

    @SafeVarargs
    public static <S extends Enum<S>> void allowOnlyFrom(String kind, String id, String action, S current, S... allowed) {
        if (Arrays.asList(allowed).contains(current)) {
            return;
        }
        StateConflictException conflict = new StateConflictException("cannot " + action + " " + kind + " " + id + ": it is "
                + wire(current) + " (allowed from: " + Arrays.stream(allowed).map(Lifecycle::wire).collect(Collectors.joining(", ")) + ")");
        switch (kind) {
            case "affiliate":
                throw conflict.withCode("affiliate_state_conflict");
            case "commission":
                throw conflict.withCode("commission_state_conflict");
            case "payout":
                throw conflict.withCode("payout_state_conflict");
            default:
                throw conflict;
        }
    }

    private static String wire(Enum<?> state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
