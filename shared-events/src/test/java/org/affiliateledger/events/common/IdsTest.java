package org.affiliateledger.events.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {
    private static final String ULID = "01hx5m3k8q9v7w2r4t6y0z1a2b";   // 26 valid Crockford characters, lowercase

    @Test
    void eachKindHasItsDocumentedPrefix() {
        assertThat(Ids.MERCHANT.prefix()).isEqualTo("mer");
        assertThat(Ids.AFFILIATE.prefix()).isEqualTo("aff");
        assertThat(Ids.CONVERSION.prefix()).isEqualTo("cnv");
        assertThat(Ids.COMMISSION.prefix()).isEqualTo("com");
        assertThat(Ids.PAYOUT.prefix()).isEqualTo("pay");
        assertThat(Ids.WEBHOOK_ENDPOINT.prefix()).isEqualTo("whe");
        assertThat(Ids.MESSAGE.prefix()).isEqualTo("msg");
        assertThat(Ids.API_KEY.prefix()).isEqualTo("key");
    }

    @ParameterizedTest(name = "a new {0} id is its prefix, an underscore and a lowercase ULID")
    @EnumSource(Ids.class)
    void generatesAPrefixedLowercaseUlid(Ids kind) {
        String id = kind.next();

        assertThat(id).startsWith(kind.prefix() + "_");
        assertThat(id).hasSize(kind.prefix().length() + 1 + 26);
        assertThat(id).isEqualTo(id.toLowerCase());
        assertThat(id.substring(kind.prefix().length() + 1)).matches("[0-9a-hjkmnp-tv-z]{26}");
        assertThat(kind.matches(id)).isTrue();
    }

    @Test
    void idsOfThreeLetterKindsAreThirtyCharactersLong() {
        assertThat(Ids.AFFILIATE.next()).hasSize(30);
        assertThat(Ids.API_KEY.next()).hasSize(30);
    }

    @Test
    void acceptsAWellFormedIdOfItsKind() {
        assertThat(Ids.AFFILIATE.matches("aff_" + ULID)).isTrue();
        assertThat(Ids.COMMISSION.matches("com_" + ULID)).isTrue();
    }

    @ParameterizedTest(name = "an affiliate id check refuses {0}")
    @ValueSource(strings = {
            "mer_" + ULID,                    // another kind's prefix
            "com_" + ULID,
            "af_" + ULID,                     // truncated prefix
            "AFF_" + ULID,                    // uppercase prefix
            "aff-" + ULID,                    // wrong separator
            "aff" + ULID + "x",               // no separator, right length
            "aff_01HX5M3K8Q9V7W2R4T6Y0Z1A2B", // uppercase ULID
            "aff_81hx5m3k8q9v7w2r4t6y0z1a2b", // beyond the largest ULID (first character above 7)
            "aff_01hx5m3k8q9v7w2r4t6y0z1a2",  // one character short
            "aff_01hx5m3k8q9v7w2r4t6y0z1a2bc",// one character long
            "aff_",
            "",
            "aff_01hx5m3k8q9v7w2r4t6y0z1a2i", // i is not a ULID character
            "aff_01hx5m3k8q9v7w2r4t6y0z1a2l", // l is not a ULID character
            "aff_01hx5m3k8q9v7w2r4t6y0z1a2o", // o is not a ULID character
            "aff_01hx5m3k8q9v7w2r4t6y0z1a2u", // u is not a ULID character
            "aff_01hx5m3k8q9v7w2r4t6y0z1a2-",
            "aff_01hx5m3k8q9v7w2r4t6y0z1a2 ",
            " aff_01hx5m3k8q9v7w2r4t6y0z1a2"
    })
    void refusesAnythingThatIsNotAWellFormedIdOfItsKind(String candidate) {
        assertThat(Ids.AFFILIATE.matches(candidate)).isFalse();
    }

    @Test
    void refusesNull() {
        assertThat(Ids.AFFILIATE.matches(null)).isFalse();
    }

    @Test
    void refusesAnIdGeneratedForAnotherKind() {
        assertThat(Ids.AFFILIATE.matches(Ids.MERCHANT.next())).isFalse();
        assertThat(Ids.MERCHANT.matches(Ids.AFFILIATE.next())).isFalse();
    }

    @Test
    void idsGeneratedInSequenceSortInCreationOrder() {
        List<String> generated = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            generated.add(Ids.CONVERSION.next());
        }

        assertThat(generated).isSorted();
        assertThat(new HashSet<>(generated)).hasSize(generated.size());
    }

    @Test
    void idsOfDifferentKindsShareOneCreationOrderAfterTheirPrefix() {
        List<String> ulids = new ArrayList<>();
        Ids[] kinds = Ids.values();
        for (int i = 0; i < 1_000; i++) {
            Ids kind = kinds[i % kinds.length];
            ulids.add(kind.next().substring(kind.prefix().length() + 1));
        }

        assertThat(ulids).isSorted().doesNotHaveDuplicates();
    }
}
