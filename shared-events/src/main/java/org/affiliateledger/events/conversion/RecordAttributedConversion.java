package org.affiliateledger.events.conversion;

import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.merchant.EventReward;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * Creates the {@code Conversion} of a {@link RecordConversion} request with every input its rules decide on, as the
 * recording coordinator loaded them: the request names the affiliate credited (the one given, else its click
 * session's) and its currency (the program's when none was given); then the program currency, the referrer's earning rate (its override, performance tier or the program default), the
 * reward the program pays for the event's type (null for sales and for types that earn nothing) and the ids of the
 * ancestors' MLM commissions created with it.
 */
public record RecordAttributedConversion(RecordConversion request, String programCurrency,
                                         CommissionRate referrerRate, @Nullable EventReward eventReward,
                                         List<String> ancestorCommissionIds) {
    public RecordAttributedConversion {
        ancestorCommissionIds = ancestorCommissionIds == null ? List.of() : List.copyOf(ancestorCommissionIds);
    }
}
