package org.affiliateledger.command.apikey;

import org.affiliateledger.command.apikey.ApiKeyCommandController.ChangeRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code rate_limits} of a PATCH, merged field by field: absent keeps a limit, null sets the default, a number sets it;
 * {@code "rate_limits": null} resets both; numbers beyond an int are kept as "too large" for the range check.
 */
class LimitsPatchTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LimitsPatch read(String json) {
        return JSON.readValue(json.replace('\'', '"'), ChangeRequest.class).rateLimits();
    }

    @Test
    void noRateLimitsChangesNothing() {
        assertThat(read("{}")).isNull();
    }

    @Test
    void rateLimitsNullResetsBoth() {
        assertThat(read("{'rate_limits': null}")).isEqualTo(new LimitsPatch(true, null, null));
    }

    @Test
    void aLimitGivenIsSetAndOneNotGivenIsKept() {
        assertThat(read("{'rate_limits': {'read_per_minute': 600}}"))
                .isEqualTo(new LimitsPatch(false, new LimitsPatch.Limit(600), null));
    }

    @Test
    void aLimitSetToNullGoesBackToTheDefault() {
        assertThat(read("{'rate_limits': {'write_per_minute': null, 'read_per_minute': 5}}"))
                .isEqualTo(new LimitsPatch(false, new LimitsPatch.Limit(5), new LimitsPatch.Limit(null)));
    }

    @Test
    void aNumberBeyondAnIntIsKeptAsTheLargestOrSmallestInt() {
        assertThat(read("{'rate_limits': {'read_per_minute': 99999999999, 'write_per_minute': -99999999999}}"))
                .isEqualTo(new LimitsPatch(false, new LimitsPatch.Limit(Integer.MAX_VALUE), new LimitsPatch.Limit(Integer.MIN_VALUE)));
    }

    @Test
    void aLimitThatIsNotAWholeNumberIsRefused() {
        assertThatThrownBy(() -> read("{'rate_limits': {'read_per_minute': '600'}}")).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> read("{'rate_limits': {'read_per_minute': 1.5}}")).isInstanceOf(MismatchedInputException.class);
    }
}
