package org.affiliateledger.query.history;

import org.affiliateledger.query.history.EventLog.StoredEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain's definition (README, "Audit"), one place for the worker that links, the verifier and the export.
 * <pre>
 * canonical(e) = "ledger-chain/v1\n" position "\n" event id "\n" aggregate id "\n" sequence "\n" timestamp "\n"
 *                hex(SHA-256(aggregate type "\n" payload type "\n" payload revision)) "\n"
 *                hex(SHA-256(payload bytes)) "\n" hex(SHA-256(metadata bytes)) "\n"
 * link(e)      = hex(SHA-256(link(previous) ‖ canonical(e)))     link before the first event: 64 × "0"
 * </pre>
 * Every column of the stored event is in it, as stored (the timestamp as its text); the payload, metadata and types
 * enter by digest, so an export can show the chain of a merchant's events, and leave out a payload's secrets or a
 * Java class name, and still be checked with {@code sha256sum}.
 */
public final class ChainCodec {
    public static final String GENESIS = "0".repeat(64);
    public static final String VERSION = "ledger-chain/v1";
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] EMPTY = new byte[0];

    private ChainCodec() {
    }

    public static String canonical(StoredEvent e) {
        String types = (e.aggregateType() == null ? "" : e.aggregateType()) + "\n" + e.payloadType() + "\n"
                + (e.payloadRevision() == null ? "" : e.payloadRevision());
        return VERSION + "\n" + e.position() + "\n" + e.eventId() + "\n" + e.aggregateId() + "\n" + e.sequence() + "\n"
                + e.timestamp() + "\n" + sha256(types.getBytes(StandardCharsets.UTF_8)) + "\n" + sha256(e.payload()) + "\n"
                + sha256(e.metadata() == null ? EMPTY : e.metadata()) + "\n";
    }

    /** The link of {@code event} after the link {@code previous} (hex). */
    public static String link(String previous, StoredEvent event) {
        return link(previous, canonical(event));
    }

    public static String link(String previous, String canonical) {
        return sha256((previous + canonical).getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    public static byte[] bytes(String hex) {
        return HEX.parseHex(hex);
    }
}
