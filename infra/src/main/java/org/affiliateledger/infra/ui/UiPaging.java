package org.affiliateledger.infra.ui;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UriComponentsBuilder;

/** Cursor paging of the dashboard's lists: the "older" link is this page's URL (filters, as_of) with the next cursor. */
final class UiPaging {
    static final int LIMIT = 25;

    private UiPaging() {
    }

    /** This page's own URL without an action's outcome: where an action on it returns to. */
    static String here(HttpServletRequest request) {
        return withParameters(request).build().encode().toUriString();
    }

    static String next(HttpServletRequest request, UiContext ui, String nextCursor) {
        return next(request, "cursor", nextCursor);
    }

    /** The next page of a second list on one page, whose cursor travels as {@code parameter} (the first list's is kept). */
    static String next(HttpServletRequest request, String parameter, String nextCursor) {
        if (nextCursor == null) {
            return null;
        }
        return withParameters(request).replaceQueryParam(parameter, nextCursor).build().encode().toUriString();
    }

    private static UriComponentsBuilder withParameters(HttpServletRequest request) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(request.getRequestURI());
        request.getParameterMap().forEach((name, values) -> {
            if (!name.equals("cursor") && !name.equals("done") && !name.equals("n") && !name.equals("refused")) {
                for (String value : values) {
                    if (value != null && !value.isBlank()) {
                        uri.queryParam(name, value);
                    }
                }
            }
        });
        return uri;
    }
}
