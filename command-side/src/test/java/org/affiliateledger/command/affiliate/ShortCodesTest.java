package org.affiliateledger.command.affiliate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Short codes: a slug of the name and four random characters of an unambiguous alphabet. */
class ShortCodesTest {
    private static final String SUFFIX = "-[abcdefghijkmnpqrstuvwxyz23456789]{4}";

    @Test
    void slugsTheNameWithoutAccentsAndAddsFourRandomCharacters() {
        assertThat(ShortCodes.from("  Jöhn O'Brien, Jr. ")).matches("john-o-brien-jr" + SUFFIX);
    }

    @Test
    void fallsBackToAffWhenTheNameHasNoLettersOrDigits() {
        assertThat(ShortCodes.from("***")).matches("aff" + SUFFIX);
    }

    @Test
    void keepsAtMostFortyCharactersOfTheSlugWithoutATrailingDash() {
        String code = ShortCodes.from("a".repeat(39) + " bcd");
        assertThat(code).matches("a{39}" + SUFFIX);
        assertThat(ShortCodes.from("b".repeat(45))).matches("b{40}" + SUFFIX);
    }

    @Test
    void drawsADifferentSuffixEachTime() {
        java.util.Set<String> codes = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            codes.add(ShortCodes.from("Jane"));
        }
        assertThat(codes).hasSizeGreaterThan(1);
    }
}
