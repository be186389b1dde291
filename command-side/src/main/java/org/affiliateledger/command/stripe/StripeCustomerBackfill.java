package org.affiliateledger.command.stripe;

import org.affiliateledger.command.support.AuditedCommands;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.stripe.AttributeStripeCustomer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * One-off migration of the customer attributions kept in the {@code stripe_customer} table before they were events:
 * each row becomes a {@code StripeCustomerAttributed} (its source and Stripe time as kept, no deciding object) through
 * the customer's attribution, and leaves the table in the same transaction. Runs at every start and finds nothing
 * once done; several nodes may run it at once (a row migrated twice records nothing the second time).
 */
@Component
public class StripeCustomerBackfill {
    private static final Logger log = LoggerFactory.getLogger(StripeCustomerBackfill.class);
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final CommandGateway commands;
    private final TransactionTemplate transactions;

    public StripeCustomerBackfill(JdbcClient jdbc, CommandGateway commands, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @EventListener(ApplicationReadyEvent.class)
    public void atStart() {
        try {
            int migrated = run();
            if (migrated > 0) {
                log.info("migrated {} Stripe customer attributions into the event history", migrated);
            }
        } catch (RuntimeException e) {
            // the table stays as it was: the next start tries again
            log.warn("could not migrate the Stripe customer attributions yet: {}", e.getMessage());
        }
    }

    /** @return how many rows became events */
    public int run() {
        int total = 0;
        for (List<AttributeStripeCustomer> rows = next(); !rows.isEmpty(); rows = next()) {
            for (AttributeStripeCustomer row : rows) {
                transactions.executeWithoutResult(status -> {
                    commands.sendAndWait(AuditedCommands.with(row, AuditMetadata.SYSTEM, row.learnedAt()));
                    jdbc.sql("DELETE FROM stripe_customer WHERE merchant_id = ? AND customer_id = ?")
                            .params(row.merchantId(), row.customerId())
                            .update();
                });
                total++;
            }
        }
        return total;
    }

    private List<AttributeStripeCustomer> next() {
        return jdbc.sql("""
                        SELECT merchant_id, customer_id, affiliate_id, source, learned_at FROM stripe_customer
                        ORDER BY merchant_id, customer_id LIMIT ?""")
                .params(BATCH)
                .query((rs, n) -> StripeCustomers.attribution(rs.getString("merchant_id"), rs.getString("customer_id"),
                        rs.getString("affiliate_id"), rs.getString("source"), null, null, null,
                        rs.getTimestamp("learned_at").toInstant()))
                .list();
    }
}
