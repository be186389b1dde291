package org.affiliateledger.events.common;

import com.github.f4b6a3.ulid.UlidCreator;

import java.util.Locale;
import java.util.regex.Pattern;

/** Prefixed lowercase ULIDs: {@code aff_01hx...}. Time-ordered, so keyset pagination on them follows creation order. */
public enum Ids {
    MERCHANT("mer"), AFFILIATE("aff"), CONVERSION("cnv"), COMMISSION("com"), PAYOUT("pay"),
    WEBHOOK_ENDPOINT("whe"), MESSAGE("msg"), API_KEY("key"), SESSION("ses"), PAYOUT_BATCH("pob"), REQUEST("req");

    private static final Pattern ULID = Pattern.compile("[0-7][0-9a-hjkmnp-tv-z]{25}");

    private final String prefix;

    Ids(String prefix) {
        this.prefix = prefix;
    }

    public String next() {
        return prefix + "_" + UlidCreator.getMonotonicUlid().toString().toLowerCase(Locale.ROOT);
    }

    /** True when {@code id} has this kind's prefix and a well-formed ULID; anything else cannot name a row of this kind. */
    public boolean matches(String id) {
        return id != null && id.length() == prefix.length() + 27 && id.startsWith(prefix + "_")
                && ULID.matcher(id.substring(prefix.length() + 1)).matches();
    }

    public String prefix() {
        return prefix;
    }
}
