package org.affiliateledger.command.stripe;

import org.affiliateledger.command.support.AuditedCommands;
import org.affiliateledger.command.support.OneOffMigration;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.stripe.AttributeStripeCheckout;
import org.affiliateledger.events.stripe.AttributeStripeCustomer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import java.util.List;

/**
 * One-off migration of the attributions kept in tables before they were events: each {@code stripe_customer} row
 * becomes a {@code StripeCustomerAttributed} (its source and Stripe time as kept, no deciding object) through the
 * customer's attribution and leaves the table, and each checkout attribution of {@code stripe_checkout} becomes a
 * {@code StripeCheckoutAttributed} and leaves its row (which keeps a sale waiting for its checkout), each in one
 * transaction. Runs at every start and finds nothing
 * once done; several nodes may run it at once (a row migrated twice records nothing the second time).
 */
@Component
public class StripeCustomerBackfill extends OneOffMigration {
    private static final int BATCH = 200;

    public StripeCustomerBackfill(JdbcClient jdbc, CommandGateway commands, PlatformTransactionManager transactionManager) {
        super(jdbc, commands, transactionManager);
    }

    @Override
    protected String what() {
        return "Stripe customer and checkout attributions";
    }

    /** @return how many rows became events */
    @Override
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
        for (List<AttributeStripeCheckout> rows = nextCheckouts(); !rows.isEmpty(); rows = nextCheckouts()) {
            for (AttributeStripeCheckout row : rows) {
                transactions.executeWithoutResult(status -> {
                    commands.sendAndWait(AuditedCommands.with(row, AuditMetadata.SYSTEM, null));
                    jdbc.sql("""
                                    UPDATE stripe_checkout SET affiliate_id = NULL, affiliate_session_id = NULL
                                    WHERE merchant_id = ? AND payment_intent_id = ?""")
                            .params(row.merchantId(), row.paymentIntentId())
                            .update();
                });
                total++;
            }
        }
        return total;
    }

    private List<AttributeStripeCheckout> nextCheckouts() {
        return jdbc.sql("""
                        SELECT merchant_id, payment_intent_id, affiliate_id, affiliate_session_id FROM stripe_checkout
                        WHERE affiliate_id IS NOT NULL ORDER BY merchant_id, payment_intent_id LIMIT ?""")
                .params(BATCH)
                .query((rs, n) -> StripeCheckouts.attribution(rs.getString("merchant_id"), rs.getString("payment_intent_id"),
                        null, rs.getString("affiliate_id"), null, rs.getString("affiliate_session_id")))
                .list();
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
