package org.affiliateledger.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * F (finance, issue 14): each read beside PostgreSQL answering the same question through plain JDBC, same run.
 *
 * @param affiliates            affiliates the loaded conversions are spread over (the busy one takes 1 in {@value EventLoader#BUSY_EVERY})
 * @param entries               rows of {@code balance_entries} of the bench merchant
 * @param busyEntries           of which the busy affiliate's
 * @param statementLines        lines of the busy affiliate's statement over a year
 * @param monthConversions      conversions effective in the reconciled month (from the balance entries)
 * @param reconciledConversions the same as the reconciliation counted it (its manual conversions)
 * @param foldedEvents          the money events the reconciliation reads (those of the month's resources)
 * @param balancesLoaded        checksum of the balance tables as the loader wrote them (SQL), before any rebuild
 * @param balancesRebuilt       the same after P's first rebuild replayed every event into them: equal when consistent
 */
record FinanceResults(int affiliates, long entries, long busyEntries, int statementLines, String monthFrom, String monthTo,
                      long monthConversions, long reconciledConversions, long foldedEvents, int breaks, boolean balanced,
                      Pair balanceAsOf, Pair busyBalanceAsOf, Pair balancesPage, Pair statement, Pair reconciliation,
                      String balancesLoaded, String balancesRebuilt) {

    /** The ledger's figure and the raw query's. */
    record Pair(Results.ReadFigure ledger, Results.ReadFigure raw) {
        @JsonProperty
        double ratio() {
            return Stats.ratio(ledger.medianP50Ms(), raw.medianP50Ms());
        }
    }

    @JsonProperty
    boolean balancesConsistent() {
        return balancesLoaded != null && balancesLoaded.equals(balancesRebuilt);
    }
}
