package org.affiliateledger.events.apikey;

/** Per-key request budgets per minute; a null field means the server's default. */
public record RateLimits(Integer readPerMinute, Integer writePerMinute) {
    public static final RateLimits DEFAULTS = new RateLimits(null, null);
}
