package org.affiliateledger.events.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {
    enum Door { OPEN, CLOSED, LOCKED, BROKEN_OFF }

    @Test
    void allowsATransitionFromTheOnlyListedState() {
        assertThatCode(() -> Lifecycle.allowOnlyFrom("door", "door_1", "close", Door.OPEN, Door.OPEN))
                .doesNotThrowAnyException();
    }

    @Test
    void allowsATransitionFromAnyOfSeveralListedStates() {
        assertThatCode(() -> Lifecycle.allowOnlyFrom("door", "door_1", "kick", Door.LOCKED, Door.OPEN, Door.CLOSED, Door.LOCKED))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesATransitionFromAnUnlistedStateNamingActionKindIdCurrentAndAllowedStates() {
        assertThatThrownBy(() -> Lifecycle.allowOnlyFrom("door", "door_1", "open", Door.LOCKED, Door.CLOSED))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("cannot open door door_1: it is locked (allowed from: closed)");
    }

    @Test
    void listsEveryAllowedStateInTheGivenOrderInLowerCase() {
        assertThatThrownBy(() -> Lifecycle.allowOnlyFrom("door", "door_9", "kick", Door.BROKEN_OFF,
                Door.OPEN, Door.CLOSED, Door.LOCKED))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("cannot kick door door_9: it is broken_off (allowed from: open, closed, locked)");
    }

    @Test
    void refusesEverythingWhenNoStateIsAllowed() {
        assertThatThrownBy(() -> Lifecycle.allowOnlyFrom("door", "door_1", "paint", Door.OPEN))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("cannot paint door door_1: it is open (allowed from: )");
    }

    @Test
    void aRefusalIsALedgerExceptionWithoutAStackTrace() {
        assertThatThrownBy(() -> Lifecycle.allowOnlyFrom("door", "door_1", "open", Door.OPEN, Door.CLOSED))
                .isInstanceOf(LedgerException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getStackTrace()).isEmpty());
    }
}
