package org.affiliateledger.events.merchant;

/**
 * The program currency changed (only possible before {@link ProgramCurrencyLocked}): payouts without a currency, flat
 * event rewards and performance-tier revenue are in this currency from now on.
 */
public record ProgramCurrencyChanged(String merchantId, String currency, String previousCurrency) {
}
