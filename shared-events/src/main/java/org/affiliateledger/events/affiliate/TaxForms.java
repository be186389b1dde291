package org.affiliateledger.events.affiliate;

import org.affiliateledger.events.common.InvalidRequestException;

import java.util.List;

/** The tax forms the ledger records (IRS forms a payee gives a US payer). Only the fact is kept, never the document. */
public final class TaxForms {
    public static final List<String> TYPES = List.of("W-9", "W-8BEN", "W-8BEN-E", "W-8ECI", "W-8EXP", "W-8IMY");

    private TaxForms() {
    }

    /** The canonical spelling of a known form type ("w-8ben" → "W-8BEN"). */
    public static String normalise(String formType) {
        if (formType != null) {
            for (String known : TYPES) {
                if (known.equalsIgnoreCase(formType.strip())) {
                    return known;
                }
            }
        }
        throw new InvalidRequestException("form_type \"" + formType + "\" is not one of " + String.join(", ", TYPES));
    }
}
