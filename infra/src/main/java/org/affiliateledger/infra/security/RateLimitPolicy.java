package org.affiliateledger.infra.security;

/**
 * The rate limits in force for the calling API key, in requests per minute: its own overrides, else the defaults.
 * Set as a request attribute next to {@code ApiCaller} by {@link ApiKeyFilter}.
 */
public record RateLimitPolicy(int readPerMinute, int writePerMinute) {
    public static final String ATTRIBUTE = RateLimitPolicy.class.getName();

    /** The key's {@code read_per_minute} / {@code write_per_minute} columns, where null means the default. */
    public static RateLimitPolicy of(Integer readOverride, Integer writeOverride, RateLimitProperties defaults) {
        return new RateLimitPolicy(readOverride != null ? readOverride : defaults.readPerMinute(),
                writeOverride != null ? writeOverride : defaults.writePerMinute());
    }

    /** GET and HEAD spend the read budget; every other method the write budget (affilut limits GET and POST). */
    public static boolean reads(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    public int perMinuteFor(String method) {
        return reads(method) ? readPerMinute : writePerMinute;
    }
}
