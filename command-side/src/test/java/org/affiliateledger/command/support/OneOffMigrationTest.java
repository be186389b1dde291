package org.affiliateledger.command.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** At start a migration says how many it migrated, says nothing when there was nothing, and a failure waits for the next start. */
class OneOffMigrationTest {
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Migrating.class);

    {
        logged.start();
        logger.addAppender(logged);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logged);
    }

    static class Migrating extends OneOffMigration {
        private final Object outcome;

        Migrating(Object outcome) {
            super(mock(JdbcClient.class), mock(CommandGateway.class), mock(PlatformTransactionManager.class));
            this.outcome = outcome;
        }

        @Override
        public int run() {
            if (outcome instanceof RuntimeException e) {
                throw e;
            }
            return (Integer) outcome;
        }

        @Override
        protected String what() {
            return "widgets";
        }
    }

    @Test
    void whatWasMigratedIsLoggedWithItsCount() {
        new Migrating(1).atStart();
        assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Level.INFO, "migrated 1 widgets into the event history"));
    }

    @Test
    void nothingToMigrateLogsNothing() {
        new Migrating(0).atStart();
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aFailureIsLoggedAndLeftForTheNextStart() {
        new Migrating(new IllegalStateException("store down")).atStart();
        assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Level.WARN,
                        "could not migrate the widgets into the event history yet: store down"));
    }
}
