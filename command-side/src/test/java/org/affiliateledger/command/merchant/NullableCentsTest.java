package org.affiliateledger.command.merchant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A PATCH amount: absent leaves it alone, null removes it, a whole number sets it. */
class NullableCentsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Patch(NullableCents threshold) {
    }

    private static Patch read(String json) {
        return JSON.readValue(json.replace('\'', '"'), Patch.class);
    }

    @Test
    void distinguishesAbsentNullAndAValue() {
        assertThat(read("{}").threshold()).isNull();
        assertThat(read("{'threshold': null}").threshold()).isEqualTo(new NullableCents(null));
        assertThat(read("{'threshold': 60000}").threshold()).isEqualTo(new NullableCents(60000L));
    }

    @Test
    void refusesAnythingButAWholeNumber() {
        assertThatThrownBy(() -> read("{'threshold': 600.5}")).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> read("{'threshold': '600'}")).isInstanceOf(MismatchedInputException.class);
    }
}
