package org.affiliateledger.command.affiliate;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;

/** Short codes in the affilut style: a slug of the name plus four random characters ({@code jane-smith-a1b2}). */
final class ShortCodes {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private ShortCodes() {
    }

    static String from(String name) {
        String slug = Normalizer.normalize(name, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+|-+$)", "");
        slug = slug.substring(0, Math.min(slug.length(), 40)).replaceAll("-+$", ""); // at most 40, no hyphen left at the cut
        StringBuilder code = new StringBuilder(slug.isEmpty() ? "aff" : slug).append('-');
        for (int i = 0; i < 4; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
