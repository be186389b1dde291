package org.affiliateledger.query.support;

import org.affiliateledger.events.common.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Two ways through a list, newest first: {@code page}/{@code limit} for affilut clients, and an opaque keyset
 * {@code cursor} that is stable under concurrent inserts (ids are time-ordered ULIDs).
 */
public record Paging(Integer page, int limit, String afterId) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
    public static final int MAX_PAGE = 1_000_000;
    private static final String CURSOR_VERSION = "v1:";

    public static Paging of(Integer page, Integer limit, String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT); // a larger limit is capped, as affilut does
        if (size < 1) {
            throw new InvalidRequestException("limit must be at least 1 (at most " + MAX_LIMIT + " rows are returned), got " + size);
        }
        if (cursor != null && page != null) {
            throw new InvalidRequestException("give either page or cursor, not both");
        }
        if (page != null && (page < 1 || page > MAX_PAGE)) {
            throw new InvalidRequestException("page must be between 1 and " + MAX_PAGE + ", got " + page);
        }
        if (cursor != null) {
            return new Paging(null, size, decode(cursor));
        }
        return new Paging(page == null ? 1 : page, size, null);
    }

    public long offset() {
        return page == null ? 0 : (long) (page - 1) * limit;
    }

    /** Builds the page from up to {@code limit + 1} rows fetched in order; the extra row only says there is more. */
    public <R, T> ListPage<T> toPage(List<R> rows, Function<R, String> id, Function<R, T> view) {
        boolean more = rows.size() > limit;
        List<R> shown = more ? rows.subList(0, limit) : rows;
        String next = more ? encode(id.apply(shown.get(shown.size() - 1))) : null;
        return new ListPage<>(shown.stream().map(view).toList(), page, limit, next);
    }

    private static String encode(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_VERSION + id).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith(CURSOR_VERSION) && raw.length() > CURSOR_VERSION.length() && raw.length() < 100) {
                return raw.substring(CURSOR_VERSION.length());
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the 400 below
        }
        throw new InvalidRequestException("cursor is not one this API issued; pass back next_cursor unchanged").withCode("invalid_cursor");
    }
}
