package org.affiliateledger.events.merchant;

/** The program settings as the merchant aggregate holds them after a change. */
public record ProgramSettings(String merchantId, String name, String defaultRate, String currency) {
}
