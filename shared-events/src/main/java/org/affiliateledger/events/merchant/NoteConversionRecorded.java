package org.affiliateledger.events.merchant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Conversion {@code conversionId} in {@code currency} is being recorded in the merchant's program: the first one in
 * the program currency fixes that currency ({@link ProgramCurrencyLocked}).
 */
public record NoteConversionRecorded(@TargetAggregateIdentifier String merchantId, String conversionId, String currency) {
}
