package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.common.NotFoundException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** An affiliate named by id or by short code, as links and Stripe metadata name it. */
class AffiliateReferencesTest {
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private final UniqueClaims claims = mock(UniqueClaims.class);
    private final AffiliateReferences references = new AffiliateReferences(claims);

    @Test
    void returnsAnAffiliateIdAsGivenWithoutLookingItUp() {
        assertThat(references.resolve("mer_1", "  " + AFF + " ")).isEqualTo(AFF);
        verifyNoInteractions(claims);
    }

    @Test
    void resolvesAShortCodeInAnyCaseToItsAffiliate() {
        when(claims.ownerOf("mer_1", "affiliate.short_code", "jane-smith")).thenReturn(Optional.of(AFF));
        assertThat(references.resolve("mer_1", "Jane-Smith")).isEqualTo(AFF);
    }

    @Test
    void answersNotFoundForAShortCodeNoAffiliateOfTheProgramHas() {
        assertThatThrownBy(() -> references.resolve("mer_1", "ghost"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no affiliate of this program has the id or short code \"ghost\"");
    }

    @Test
    void answersNothingForNoReference() {
        assertThat(references.resolve("mer_1", null)).isNull();
    }

    @Test
    void answersNotFoundForABlankReferenceOrOneLongerThanAnyShortCode() {
        assertThatThrownBy(() -> references.resolve("mer_1", "   ")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> references.resolve("mer_1", "x".repeat(65))).isInstanceOf(NotFoundException.class);
        verifyNoInteractions(claims);
    }

    @Test
    void looksUpAShortCodeOfSixtyFourCharacters() {
        String code = "x".repeat(64);
        when(claims.ownerOf("mer_1", "affiliate.short_code", code)).thenReturn(Optional.of(AFF));
        assertThat(references.resolve("mer_1", code)).isEqualTo(AFF);
    }
}
