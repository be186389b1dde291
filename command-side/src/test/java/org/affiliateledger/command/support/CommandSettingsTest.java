package org.affiliateledger.command.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The short link form's default program: blank means none, whitespace around an id is ignored. */
class CommandSettingsTest {
    @Test
    void theDefaultProgramIsTheIdGivenWithoutItsSurroundingSpace() {
        assertThat(new CommandSettings.Links(" mer_01hzy8xv4q6n2r5t7w9y1b3d5f ").defaultMerchantOrBlank())
                .isEqualTo("mer_01hzy8xv4q6n2r5t7w9y1b3d5f");
    }

    @Test
    void noDefaultProgramIsBlank() {
        assertThat(new CommandSettings.Links(null).defaultMerchantOrBlank()).isEmpty();
        assertThat(new CommandSettings.Links("  ").defaultMerchantOrBlank()).isEmpty();
    }
}
