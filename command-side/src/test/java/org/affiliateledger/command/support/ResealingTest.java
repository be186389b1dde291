package org.affiliateledger.command.support;

import org.affiliateledger.command.support.Resealing.SealedRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Re-sealing a table of secrets with the sealing key, with a real cipher: old values move to the new key, nothing else changes. */
class ResealingTest {
    private static final byte[] OLD_KEY = key(1);
    private static final byte[] NEW_KEY = key(2);
    private final SecretsCipher before = new SecretsCipher(OLD_KEY);
    private final SecretsCipher after = new SecretsCipher(List.of(NEW_KEY, OLD_KEY));

    @Test
    void resealsAValueSealedWithAnOlderKeySoTheSealingKeyOpensIt() {
        SealedRow<String> row = new SealedRow<>("k1", "mer_1/k1", "mer_1", "slot/1", before.seal("s3cret", "mer_1", "slot/1"));
        List<String> written = new ArrayList<>();

        ResealCount count = Resealing.resealAll(after, List.of(row), (r, fresh) -> written.add(fresh));

        assertThat(count).isEqualTo(new ResealCount(1, 0, List.of()));
        assertThat(written).singleElement().satisfies(fresh -> {
            assertThat(after.isCurrent(fresh)).isTrue();
            assertThat(new SecretsCipher(NEW_KEY).open(fresh, "mer_1", "slot/1")).isEqualTo("s3cret");
        });
    }

    @Test
    void leavesAValueSealedWithTheSealingKeyAsItIs() {
        SealedRow<String> row = new SealedRow<>("k1", "mer_1/k1", "mer_1", "slot/1", after.seal("s3cret", "mer_1", "slot/1"));

        ResealCount count = Resealing.resealAll(after, List.of(row), (r, fresh) -> {
            throw new AssertionError("a current value is not written again");
        });

        assertThat(count).isEqualTo(new ResealCount(0, 1, List.of()));
    }

    @Test
    void namesAValueNoConfiguredKeyOpensWithoutWritingIt() {
        SealedRow<String> row = new SealedRow<>("k1", "mer_1/k1", "mer_1", "slot/1",
                new SecretsCipher(key(3)).seal("s3cret", "mer_1", "slot/1"));

        ResealCount count = Resealing.resealAll(after, List.of(row), (r, fresh) -> {
            throw new AssertionError("an unreadable value is not written");
        });

        assertThat(count).isEqualTo(new ResealCount(0, 0, List.of("mer_1/k1")));
    }

    @Test
    void countsARowChangedMeanwhileAsCurrent() {
        SealedRow<String> row = new SealedRow<>("k1", "mer_1/k1", "mer_1", "slot/1", before.seal("s3cret", "mer_1", "slot/1"));

        ResealCount count = Resealing.resealAll(after, List.of(row), (r, fresh) -> false);

        assertThat(count).isEqualTo(new ResealCount(0, 1, List.of()));
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) seed);
        return key;
    }
}
