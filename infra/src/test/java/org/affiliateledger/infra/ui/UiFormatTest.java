package org.affiliateledger.infra.ui;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UiFormatTest {
    private final UiFormat format = new UiFormat();

    @Test
    void anEventTypeIsCutAfterEachDotAndUnderscoreSoANarrowColumnWrapsThereAndTheTextStaysWhole() {
        assertThat(format.breakable("program.attribution_settings_changed"))
                .containsExactly("program.", "attribution_", "settings_", "changed");
        assertThat(String.join("", format.breakable("commission.created"))).isEqualTo("commission.created");
        assertThat(format.breakable("plain")).containsExactly("plain");
        assertThat(format.breakable(null)).isEmpty();
    }
}
