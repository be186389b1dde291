package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Keyset cursors walk a list newest first without skipping or repeating rows, even while new rows arrive. */
class CursorPaginationTest extends LedgerIntegrationTest {

    @Test
    void walksEveryRowOnceWhileNewRowsAreInserted() {
        String key = onboardMerchant("Cursor");
        String affiliate = activeAffiliate(key, "Cursor Walker");
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            existing.add(record(key, affiliate));
        }
        eventually(() -> api.get("/api/v1/conversions?limit=100", key), r -> r.body().get("data").size() == 7);

        Set<String> seen = new LinkedHashSet<>();
        List<String> inserted = new ArrayList<>();
        Api.Response page = api.get("/api/v1/conversions?limit=3", key);
        assertThat(page.body().get("page").asInt()).isEqualTo(1);
        while (true) {
            page.body().get("data").forEach(c -> assertThat(seen.add(c.get("id").asString())).as("repeated row").isTrue());
            inserted.add(record(key, affiliate)); // a newer row arrives between pages
            String cursor = page.text("next_cursor");
            if (cursor == null) {
                break;
            }
            page = api.get("/api/v1/conversions?limit=3&cursor=" + cursor, key);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().has("page")).as("cursor pages carry no page number").isFalse();
        }

        List<String> newestFirst = new ArrayList<>(existing);
        Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(seen).doesNotContainAnyElementsOf(inserted);
    }

    @Test
    void refusesACursorItDidNotIssueAndACursorWithAPage() {
        String key = onboardMerchant("Cursor errors");

        Api.Response forged = api.get("/api/v1/conversions?cursor=not-a-cursor", key);
        Api.Response both = api.get("/api/v1/affiliates?page=2&cursor=djE6YWZmXzAx", key);

        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.text("detail")).contains("next_cursor");
        assertThat(both.status()).isEqualTo(400);
    }

    private String record(String key, String affiliate) {
        Api.Response created = api.post("/api/v1/conversions", key,
                "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 100}");
        assertThat(created.status()).isEqualTo(201);
        return created.text("id");
    }
}
