package org.affiliateledger.command.support;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A one-off migration of state kept outside the events into the history, as commands whose events record it: it runs
 * at every start and finds nothing once done. When it fails, what it had not migrated stays where it was and the next
 * start tries again.
 */
public abstract class OneOffMigration {
    private final Logger log = LoggerFactory.getLogger(getClass());
    protected final JdbcClient jdbc;
    protected final CommandGateway commands;
    /** Each item in a transaction of its own: its command and the mark (or removal) that it was migrated. */
    protected final TransactionTemplate transactions;

    protected OneOffMigration(JdbcClient jdbc, CommandGateway commands, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @EventListener(ApplicationReadyEvent.class)
    public void atStart() {
        try {
            int migrated = run();
            if (migrated > 0) {
                log.info("migrated {} {} into the event history", migrated, what());
            }
        } catch (RuntimeException e) {
            log.warn("could not migrate the {} into the event history yet: {}", what(), e.getMessage());
        }
    }

    /** @return how many were migrated */
    public abstract int run();

    /** What it migrates, as the log names it (plural). */
    protected abstract String what();
}
