package org.affiliateledger.infra.truth;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.affiliateledger.infra.axon.AxonConfig;
import org.affiliateledger.infra.ops.LedgerMeters;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read by id right after the write that created it waits for every read-model segment to pass that write, including
 * the segments that had nothing of it to project. Those store the position they passed late: a tracking segment when
 * an event of its own arrives or its one-second wait for events ends, a pooled one at its next claim extension. Waiting
 * for their stored tokens, about one read in ten at one client waited a second, and with a read wait shorter than that
 * answered 404 for what had just been created. Here the read wait is shortened to make that visible: forty writes,
 * each read back at once, must all be found.
 * <p>
 * Each processor type gets its own ledger on its own database (a second ledger on the shared one would also run the
 * other tests' deadlines), closed when its tests end.
 */
@TestPropertySource(properties = "ledger.reads.consistency-wait=PT0.5S")
@DirtiesContext
abstract class ReadByIdRightAfterWrite extends LedgerIntegrationTest {
    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private MeterRegistry meters;

    @Test
    void everyConversionIsFoundWhenReadBackRightAfterItsWrite() {
        String admin = onboardMerchant("Read back at once");
        String key = api.post("/api/v1/api-keys", admin, """
                {"name": "bulk", "scopes": ["*"], "rate_limits": {"read_per_minute": 1000000, "write_per_minute": 1000000}}""")
                .text("key");
        String affiliate = activeAffiliate(key, "Prompt Reader");
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 40; i++) {
            Api.Response created = api.post("/api/v1/conversions", key,
                    Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 1000 + i)));
            assertThat(created.status()).isEqualTo(201);
            statuses.add(api.get("/api/v1/conversions/" + created.text("id"), key).status());
        }

        assertThat(statuses).as("each read right after its write").containsOnly(200);
    }

    /**
     * With the read models stopped, a read by id waits out its bound, answers what there is (404: nothing projected)
     * and is counted as timed out; once they run again the same read finds it.
     */
    @Test
    void aReadThatOutwaitsItsBoundAnswersWhatThereIsAndIsCountedAsTimedOut() {
        String key = onboardMerchant("Stopped read models");
        String affiliate = activeAffiliate(key, "Patient Reader");
        StreamingEventProcessor projections = processing
                .eventProcessor(AxonConfig.SHARED_PROCESSOR, StreamingEventProcessor.class).orElseThrow();
        long timedOut = meters.get(LedgerMeters.READ_WAITS).tag("outcome", "timed_out").timer().count();
        projections.shutDown();
        try {
            Api.Response created = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 1000)));
            assertThat(created.status()).isEqualTo(201);

            assertThat(api.get("/api/v1/conversions/" + created.text("id"), key).status()).isEqualTo(404);
            assertThat(meters.get(LedgerMeters.READ_WAITS).tag("outcome", "timed_out").timer().count()).isEqualTo(timedOut + 1);

            projections.start();
            assertThat(eventually(() -> api.get("/api/v1/conversions/" + created.text("id"), key), r -> r.status() == 200)
                    .text("amountCents")).isEqualTo("1000");
        } finally {
            projections.start();
        }
    }
}
