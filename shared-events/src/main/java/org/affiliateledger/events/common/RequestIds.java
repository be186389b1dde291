package org.affiliateledger.events.common;

import java.util.regex.Pattern;

/**
 * The id of one HTTP request: taken from the caller's {@code X-Request-Id} when it is a sane token, generated
 * otherwise, returned in the response, written in every log line served for it (MDC key {@value #MDC_KEY}) and
 * recorded on every event the request caused.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    public static final String ATTRIBUTE = "org.affiliateledger.requestId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private RequestIds() {
    }

    /** The caller's id if it is 1–128 of {@code A-Z a-z 0-9 . _ : -}; otherwise a new {@code req_} id. */
    public static String acceptOrGenerate(String offered) {
        if (offered != null && ACCEPTED.matcher(offered).matches()) {
            return offered;
        }
        return Ids.REQUEST.next();
    }
}
