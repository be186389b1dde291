package org.affiliateledger.infra.truth;

import org.affiliateledger.infra.support.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link ReadByIdRightAfterWrite} with tracking processors, the default. */
class ReadByIdRightAfterWriteHttpTest extends ReadByIdRightAfterWrite {
    private static final TestDatabase.Own OWN = new TestDatabase.Own();

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("ledger.db.url", () -> OWN.get().url());
    }
}
