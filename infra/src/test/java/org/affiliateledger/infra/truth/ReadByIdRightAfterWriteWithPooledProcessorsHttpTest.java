package org.affiliateledger.infra.truth;

import org.affiliateledger.infra.support.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** {@link ReadByIdRightAfterWrite} with pooled streaming processors ({@code LEDGER_PROCESSOR_TYPE=pooled}). */
@TestPropertySource(properties = "ledger.processors.type=pooled")
class ReadByIdRightAfterWriteWithPooledProcessorsHttpTest extends ReadByIdRightAfterWrite {
    private static final TestDatabase.Own OWN = new TestDatabase.Own();

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("ledger.db.url", () -> OWN.get().url());
    }
}
