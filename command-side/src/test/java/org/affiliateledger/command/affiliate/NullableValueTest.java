package org.affiliateledger.command.affiliate;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PATCH fields: absent leaves a value alone, null removes it, a value sets it; anything else is refused. */
class NullableValueTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Patch(NullableValue.Text name, NullableValue.Fraction share) {
    }

    private static Patch read(String json) {
        return JSON.readValue(json.replace('\'', '"'), Patch.class);
    }

    @Test
    void anAbsentFieldLeavesTheValueAlone() {
        Patch patch = read("{}");
        assertThat(patch.name()).isNull();
        assertThat(patch.share()).isNull();
    }

    @Test
    void anExplicitNullRemovesTheValue() {
        Patch patch = read("{'name': null, 'share': null}");
        assertThat(patch.name()).isEqualTo(new NullableValue.Text(null));
        assertThat(patch.share()).isEqualTo(new NullableValue.Fraction(null));
    }

    @Test
    void aValueSetsIt() {
        Patch patch = read("{'name': 'Ann', 'share': 0.25}");
        assertThat(patch.name()).isEqualTo(new NullableValue.Text("Ann"));
        assertThat(patch.share()).isEqualTo(new NullableValue.Fraction(new BigDecimal("0.25")));
        assertThat(read("{'share': 1}").share()).isEqualTo(new NullableValue.Fraction(BigDecimal.ONE));
    }

    @Test
    void refusesAValueOfTheWrongKind() {
        assertThatThrownBy(() -> read("{'name': 12}")).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> read("{'share': '0.25'}")).isInstanceOf(MismatchedInputException.class);
    }
}
