package org.affiliateledger.query.reconciliation;

import java.util.List;

/** One invariant of the ledger, checked over the folded books; each failure is a {@link Break}. */
public interface ReconciliationRule {
    List<Break> check(Books books);
}
