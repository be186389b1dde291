package org.affiliateledger.infra.security;

import java.util.Set;

/**
 * Which scope a request needs: reads need {@code read}, writes {@code write}, program settings, keys and webhook-endpoint changes {@code admin}.
 * {@code admin} (also spelled {@code *}) grants everything.
 */
final class Scopes {
    static final String READ = "read";
    static final String WRITE = "write";
    static final String ADMIN = "admin";
    static final String ALL = "*";

    private Scopes() {
    }

    /** @return the scope the caller lacks, or null when the request is allowed */
    static String missingFor(String method, String path, Set<String> granted) {
        String needed = needed(method, path);
        if (granted.contains(ALL) || granted.contains(ADMIN) || granted.contains(needed)) {
            return null;
        }
        return needed;
    }

    static String needed(String method, String path) {
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (path.startsWith("/api/v1/api-keys") || (!read && (path.equals("/api/v1/program")
                || path.startsWith("/api/v1/webhook-endpoints")))) {
            return ADMIN;
        }
        return read ? READ : WRITE;
    }
}
