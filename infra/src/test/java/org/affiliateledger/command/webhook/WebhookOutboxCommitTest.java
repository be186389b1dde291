package org.affiliateledger.command.webhook;

import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.WebhookReceiver;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook outbox's batches commit without waiting for the disk while they only move its token, and wait for it
 * once they write a message: a message must be on disk before the dispatcher may send it.
 */
class WebhookOutboxCommitTest extends LedgerIntegrationTest {
    @Autowired
    WebhookOutbox outbox;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aBatchThatWritesNoMessageCommitsWithoutWaitingForTheDisk() {
        String key = onboardMerchant("No endpoints");
        String merchant = merchantIdOf(key);

        assertThat(handledInTheOutboxsTransaction(merchant)).isEqualTo("off:0");
    }

    @Test
    void aBatchThatWritesAMessageCommitsDurably() {
        String key = onboardMerchant("One endpoint");
        String merchant = merchantIdOf(key);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Response created = api.post("/api/v1/webhook-endpoints", key,
                    Api.json(Map.of("url", receiver.url("/hooks"), "event_types", List.of(), "description", "durability")));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);

            assertThat(handledInTheOutboxsTransaction(merchant)).isEqualTo("on:1");
        }
    }

    /** {@code synchronous_commit} at the end of a batch that handled one commission event, and the messages it wrote. */
    private String handledInTheOutboxsTransaction(String merchant) {
        String commission = "com_outbox_" + System.nanoTime();
        Transaction batch = processing.transactionManager(WebhookOutbox.GROUP).startTransaction();
        try {
            outbox.on(new CommissionCreated(commission, merchant, "cv_" + commission, "aff_outbox", 0, 10_000, "10", 1_000,
                    "USD", CommissionKind.COMMISSION, null, Instant.now()), "evt_" + commission, Instant.now());
            return jdbc.sql("SHOW synchronous_commit").query(String.class).single() + ":"
                    + jdbc.sql("SELECT count(*) FROM webhook_messages WHERE merchant_id = ?").param(merchant)
                    .query(Long.class).single();
        } finally {
            batch.rollback(); // the event was never recorded: nothing of it stays, nor is sent
        }
    }
}
