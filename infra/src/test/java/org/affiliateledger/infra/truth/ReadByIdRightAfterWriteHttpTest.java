package org.affiliateledger.infra.truth;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read by id right after the write that created it waits for every read-model segment to pass that write, including
 * the segments that had nothing of it to project. Those store the position they passed when an event of their own
 * arrives or their wait for events ends. With Axon's one-second wait, about one read in ten at one client waited a
 * second, and with a read wait shorter than that it answered 404 for what had just been created.
 * Here the read wait is shortened to make that visible. Forty writes, each read back at once, must all be found.
 */
@TestPropertySource(properties = "ledger.reads.consistency-wait=PT0.5S")
class ReadByIdRightAfterWriteHttpTest extends LedgerIntegrationTest {

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
}
