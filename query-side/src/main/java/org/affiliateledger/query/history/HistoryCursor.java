package org.affiliateledger.query.history;

import org.affiliateledger.events.common.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The history's keyset cursor: opaque to clients, the last position seen inside. */
final class HistoryCursor {
    private static final String VERSION = "h1:";

    private HistoryCursor() {
    }

    static String encode(long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((VERSION + position).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the position after which to continue; 0 for no cursor */
    static long decode(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith(VERSION) && raw.length() < 30) {
                long position = Long.parseLong(raw.substring(VERSION.length()));
                if (position >= 0) {
                    return position;
                }
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the 400 below
        }
        throw new InvalidRequestException("cursor is not one this API issued; pass back next_cursor unchanged")
                .withCode("invalid_cursor");
    }
}
