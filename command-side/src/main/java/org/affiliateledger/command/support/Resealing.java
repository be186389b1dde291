package org.affiliateledger.command.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Re-sealing one table of sealed secrets with the sealing key (key rotation, or values from before key ids), one row at
 * a time: shared by every table that keeps secrets sealed with {@link SecretsCipher}, so each says only how its rows are
 * read and written.
 */
public final class Resealing {
    private Resealing() {
    }

    /**
     * One stored secret.
     *
     * @param key        the row's key, for writing it back
     * @param label      how a row is named when no key opens it (never its value)
     * @param merchantId and {@code slot}: what the value is sealed to (the cipher's associated data)
     * @param sealed     the stored value
     */
    public record SealedRow<K>(K key, String label, String merchantId, String slot, String sealed) {
    }

    /** Writes {@code fresh} in place of {@code row.sealed()}; false when the row changed or went meanwhile. */
    @FunctionalInterface
    public interface Replace<K> {
        boolean replace(SealedRow<K> row, String fresh);
    }

    /**
     * A row written meanwhile (by a settings change or a rotation) is left as that change wrote it: it is sealed with the
     * sealing key already, or gone.
     */
    public static <K> ResealCount resealAll(SecretsCipher cipher, List<SealedRow<K>> rows, Replace<K> replace) {
        int resealed = 0;
        int current = 0;
        List<String> unreadable = new ArrayList<>();
        for (SealedRow<K> row : rows) {
            if (cipher.isCurrent(row.sealed())) {
                current++;
                continue;
            }
            String fresh;
            try {
                fresh = cipher.seal(cipher.open(row.sealed(), row.merchantId(), row.slot()), row.merchantId(), row.slot());
            } catch (IllegalStateException e) {
                unreadable.add(row.label());
                continue;
            }
            if (replace.replace(row, fresh)) {
                resealed++;
            } else {
                current++;
            }
        }
        return new ResealCount(resealed, current, unreadable);
    }
}
