package org.affiliateledger.command.support;

import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A command that lost a race for the same aggregate is retried; every other failure is not. */
class ConcurrentChangesTest {

    private static SQLException uniqueViolation() {
        return new SQLException("duplicate key", "23505");
    }

    @Test
    void recognisesAxonsConcurrencyExceptionAnywhereInTheCauses() {
        assertThat(ConcurrentChanges.isConcurrentChange(new ConcurrencyException("seq 3 taken"))).isTrue();
        assertThat(ConcurrentChanges.isConcurrentChange(new IllegalStateException(new ConcurrencyException("seq 3 taken")))).isTrue();
    }

    @Test
    void recognisesPostgresqlsUniqueViolationAlsoAsANextException() {
        assertThat(ConcurrentChanges.isConcurrentChange(new RuntimeException(uniqueViolation()))).isTrue();
        SQLException batch = new SQLException("batch failed", "08000");
        batch.setNextException(uniqueViolation());
        assertThat(ConcurrentChanges.isConcurrentChange(new RuntimeException(batch))).isTrue();
    }

    @Test
    void doesNotMistakeOtherFailuresForAConcurrentChange() {
        assertThat(ConcurrentChanges.isConcurrentChange(new RuntimeException(new SQLException("deadlock", "40P01")))).isFalse();
        assertThat(ConcurrentChanges.isConcurrentChange(new IllegalStateException("boom"))).isFalse();
        assertThat(ConcurrentChanges.isConcurrentChange(null)).isFalse();
    }

    @Test
    void retriesAConcurrentChangeUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = ConcurrentChanges.retrying(5, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new ConcurrencyException("lost the race");
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void retriesAWrappedConcurrentChangeToo() {
        AtomicInteger calls = new AtomicInteger();
        String result = ConcurrentChanges.retrying(5, () -> {
            if (calls.incrementAndGet() == 1) {
                throw new CommandExecutionException("append failed", new RuntimeException(uniqueViolation()));
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(2);
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ConcurrentChanges.retrying(3, () -> {
            calls.incrementAndGet();
            throw new ConcurrencyException("always losing");
        })).isInstanceOf(ConcurrencyException.class);
        assertThat(calls).hasValue(3);
    }

    @Test
    void givesUpAfterTheLastAttemptOfAWrappedConcurrentChange() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ConcurrentChanges.retrying(2, () -> {
            calls.incrementAndGet();
            throw new CommandExecutionException("append failed", new ConcurrencyException("always losing"));
        })).isInstanceOf(CommandExecutionException.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void rethrowsADomainRefusalUnwrappedAndAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        StateConflictException refusal = new StateConflictException("it is paid");
        assertThatThrownBy(() -> ConcurrentChanges.retrying(5, () -> {
            calls.incrementAndGet();
            throw new CommandExecutionException("refused", refusal);
        })).isSameAs(refusal);
        assertThatThrownBy(() -> ConcurrentChanges.retrying(5, () -> {
            calls.incrementAndGet();
            throw refusal;
        })).isSameAs(refusal);
        assertThat(calls).hasValue(2);
    }

    @Test
    void doesNotRetryOtherFailures() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ConcurrentChanges.retrying(5, () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("database down");
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ConcurrentChanges.retrying(5, () -> {
            calls.incrementAndGet();
            throw new CommandExecutionException("handler failed", new IllegalStateException("bug"));
        })).isInstanceOf(CommandExecutionException.class);
        assertThat(calls).hasValue(2);
    }
}
