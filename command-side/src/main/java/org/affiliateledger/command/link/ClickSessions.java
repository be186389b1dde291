package org.affiliateledger.command.link;

import org.affiliateledger.events.common.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Click sessions: one row per click in the append-only {@code click_session} table, written by one autocommitted
 * INSERT (the hottest path of the ledger). Clicks move no money, so they are not events in the event store; the
 * table is the record, and the session attributes later conversions until it expires.
 */
@Component
public class ClickSessions {
    static final int MAX_REFERER = 500;
    static final int MAX_USER_AGENT = 300;

    private final JdbcClient jdbc;

    public ClickSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the new session's id ({@code ses_…}) */
    public String record(AffiliateLinks.Target target, Instant at, String referer, String userAgent) {
        String sessionId = Ids.SESSION.next();
        jdbc.sql("""
                        INSERT INTO click_session (session_id, merchant_id, affiliate_id, short_code, created_at, expires_at,
                                                   referer, user_agent)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(sessionId, target.merchantId(), target.affiliateId(), target.shortCode(), Timestamp.from(at),
                        Timestamp.from(at.plus(Duration.ofDays(target.windowDays()))),
                        truncate(referer, MAX_REFERER), truncate(userAgent, MAX_USER_AGENT))
                .update();
        return sessionId;
    }

    /** The affiliate a session of this merchant attributes at {@code at}: none when unknown, another merchant's, or expired. */
    public Optional<String> affiliateOf(String merchantId, String sessionId, Instant at) {
        if (!Ids.SESSION.matches(sessionId)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT affiliate_id FROM click_session WHERE session_id = ? AND merchant_id = ? AND expires_at > ?")
                .params(sessionId, merchantId, Timestamp.from(at))
                .query(String.class)
                .optional();
    }

    private static String truncate(String value, int max) {
        return value == null ? null : value.substring(0, Math.min(value.length(), max));
    }
}
