package org.affiliateledger.events.merchant;

/**
 * The first conversion in the program currency was recorded ({@code conversionId}): from now on the program currency
 * can no longer change, because commissions, payouts, flat rewards and referred revenue are recorded in it.
 */
public record ProgramCurrencyLocked(String merchantId, String currency, String conversionId) {
}
