package org.affiliateledger.bench;

import java.util.List;

/** What {@link Harness#scale()} measured: F and U on a store of the published size, and how the store was made. */
record ScaleResults(String date, Machine machine, EventLoader.Loaded loaded, AuditResults.CatchUp chain,
                    Results.CatchUp catchUp, Results.Rebuild rebuild, FinanceResults finance,
                    List<Results.ReadFigure> dashboard, String loadAverageAtEnd, double seconds) {
}
