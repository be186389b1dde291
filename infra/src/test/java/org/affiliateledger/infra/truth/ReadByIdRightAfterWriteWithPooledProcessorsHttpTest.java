package org.affiliateledger.infra.truth;

import org.springframework.test.context.TestPropertySource;

/**
 * The same forty writes read back at once with pooled streaming processors ({@code LEDGER_PROCESSOR_TYPE=pooled}), whose
 * segments store the position they passed without an event of their own only at their next claim extension.
 */
@TestPropertySource(properties = {"ledger.reads.consistency-wait=PT0.5S", "ledger.processors.type=pooled"})
class ReadByIdRightAfterWriteWithPooledProcessorsHttpTest extends ReadByIdRightAfterWriteHttpTest {
}
